import { FileStorageError } from '../file-storage-error.ts';

/**
 * Error codes of the file system that mean the device's storage failed, not
 * our code: full, out of quota, read-only, an I/O error, no permission, too
 * many open files, or a file in the way that must not be overwritten (an
 * earlier export at the same path).
 */
export const STORAGE_FAILURE_FS_CODES: ReadonlySet<string> = new Set([
  'ENOSPC',
  'EDQUOT',
  'EROFS',
  'EIO',
  'EACCES',
  'EPERM',
  'EMFILE',
  'ENFILE',
  'EFBIG',
  'EEXIST',
]);

/**
 * Runs a file operation and turns a failure of the storage into a
 * `FileStorageError` saying what was being done. Any other error (a bad
 * argument, a missing directory we created) is a bug and propagates.
 */
export function translateFsErrors<T>(doing: string, operation: () => T): T {
  try {
    return operation();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code !== 'string' || !STORAGE_FAILURE_FS_CODES.has(code)) throw error;
    throw new FileStorageError(`${doing}: ${(error as Error).message}`, code, { cause: error });
  }
}
