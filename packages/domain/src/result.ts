import type { Failure } from './error-codes.ts';

/**
 * The outcome of an operation that can fail for expected reasons. Expected
 * failures are values; bugs throw (see `assert`).
 */
export type Result<T, E = Failure> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = <E>(error: E): Result<never, E> => ({ ok: false, error });
