/**
 * An amount typed by staff ("6.50", "6,50", "6") as whole cents, or null
 * when it is not one. Read as digits, never through floating point.
 */
export function parseAmountCents(typed: string): number | null {
  const match = /^\s*(\d{1,7})(?:[.,](\d{1,2}))?\s*$/.exec(typed);
  if (match === null) return null;
  const cents = Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
  return cents > 0 ? cents : null;
}
