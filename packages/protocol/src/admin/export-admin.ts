import Type from 'typebox';

/**
 * CSV exports of an event, for the organiser's books: RFC 4180 (comma,
 * CRLF, quotes doubled), UTF-8, a header line, money as decimal strings in
 * the currency named on each line, times in UTC (RFC 3339), and text that a
 * spreadsheet would run as a formula prefixed with `'`. Downloaded as an
 * attachment, streamed as it is read. docs/OPERATING.md, "Exports".
 */

export const EVENT_ORDERS_CSV_PATH = '/v1/events/:eventId/exports/orders.csv';
export const EVENT_TABS_CSV_PATH = '/v1/events/:eventId/exports/tabs.csv';

/** The media type of the exports. */
export const CSV_MEDIA_TYPE = 'text/csv; charset=utf-8';

/** The OpenAPI description of a CSV answer. */
export const CsvFile = Type.String({ description: 'A CSV file (RFC 4180), UTF-8.' });
