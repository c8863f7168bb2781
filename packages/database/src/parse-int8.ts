/**
 * Parses a PostgreSQL `bigint` into a JS number, refusing values a number
 * cannot hold exactly. Money is stored as `bigint` cents; every amount the
 * domain allows is far below 2^53, so this assertion only trips on corruption.
 */
export function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    throw new Error(`Invariant violated: bigint ${text} is outside the safe integer range`);
  }
  return value;
}
