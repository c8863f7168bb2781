/** A CSV cell: text as it is, a number, or null for an empty cell. */
export type CsvCell = string | number | boolean | null;

/** Characters a spreadsheet reads as the start of a formula (OWASP, "CSV Injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell must be quoted when it holds a quote, a comma or a line break (RFC 4180). */
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV record, RFC 4180: cells separated by commas, quoted when they hold
 * a quote (doubled), a comma or a line break, ended by CRLF. A text cell
 * that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, a tab or a
 * carriage return first) gets a `'` in front, so an attendee named
 * `=HYPERLINK(…)` stays text when the organiser opens the file. Numbers here
 * are never negative, so no figure is touched.
 */
export function csvLine(cells: readonly CsvCell[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

function csvCell(cell: CsvCell): string {
  if (cell === null) return '';
  const text = typeof cell === 'string' && FORMULA_START.test(cell) ? `'${cell}` : String(cell);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
