/**
 * Asserts an invariant. A failed assertion is a bug, never an operating error:
 * it throws and must not be caught and swallowed. Operating errors (bad input,
 * a network failure) are returned as values instead; see `result.ts`.
 */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`Invariant violated: ${message}`);
}
