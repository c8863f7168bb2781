/** A timestamp as the API answers it (RFC 3339, UTC), or null. */
export function isoTime(at: Date): string;
export function isoTime(at: Date | null): string | null;
export function isoTime(at: Date | null): string | null {
  return at === null ? null : at.toISOString();
}
