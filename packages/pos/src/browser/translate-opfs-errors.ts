import { FileStorageError } from '../file-storage-error.ts';

/**
 * Names of the `DOMException`s OPFS throws when the storage fails rather
 * than our code: the origin's quota is used up, the file cannot be read or
 * written (an I/O error), or another context holds it.
 */
export const STORAGE_FAILURE_DOM_ERRORS: ReadonlySet<string> = new Set([
  'QuotaExceededError',
  'NotReadableError',
  'NoModificationAllowedError',
  'InvalidModificationError',
  'UnknownError',
]);

/**
 * Runs an OPFS operation and turns a failure of the storage into a
 * `FileStorageError` saying what was being done, its code the exception's
 * name. Any other error (a closed handle, a bad argument) is a bug and
 * propagates.
 */
export function translateOpfsErrors<T>(doing: string, operation: () => T): T {
  try {
    return operation();
  } catch (error) {
    throw translated(doing, error);
  }
}

/** `translateOpfsErrors` for an asynchronous operation (obtaining a handle, a directory). */
export async function translateOpfsErrorsAsync<T>(
  doing: string,
  operation: () => Promise<T>,
): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw translated(doing, error);
  }
}

function translated(doing: string, error: unknown): unknown {
  const name = (error as { name?: unknown }).name;
  if (typeof name !== 'string' || !STORAGE_FAILURE_DOM_ERRORS.has(name)) return error;
  return new FileStorageError(`${doing}: ${(error as Error).message}`, name, { cause: error });
}
