/**
 * Wraps an async operation so that at most one runs at a time: a call while
 * one is in flight gets the same promise. Sync uses it so that two pushes of
 * the same work items never race each other.
 */
export function singleFlight<A extends unknown[], T>(
  run: (...args: A) => Promise<T>,
): { (...args: A): Promise<T>; readonly inFlight: () => boolean } {
  let current: Promise<T> | null = null;
  const call = (...args: A): Promise<T> => {
    current ??= run(...args).finally(() => {
      current = null;
    });
    return current;
  };
  return Object.assign(call, { inFlight: () => current !== null });
}
