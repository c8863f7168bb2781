/**
 * Twilio's date format: RFC 2822 in GMT with a numeric zone, like
 * `Thu, 24 Aug 2023 05:01:45 +0000` (the `date-time-rfc-2822` format of its
 * OpenAPI description).
 */
export function formatTwilioDate(epochMs: number): string {
  // toUTCString() gives the same layout with a `GMT` zone name.
  return new Date(epochMs).toUTCString().replace(/ GMT$/, ' +0000');
}
