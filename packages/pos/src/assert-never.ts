/** Ends an exhaustive switch: the compiler proves it unreachable, the assert guards run time. */
export function assertNever(value: never, what: string): never {
  throw new Error(`Invariant violated: unexpected ${what}: ${JSON.stringify(value)}`);
}
