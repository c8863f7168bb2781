import type { Failure, Result } from '@tabline/domain';
import { err, failure, ok } from '@tabline/domain';
import { FileStorageError } from './file-storage-error.ts';

/**
 * Like `catchStorageFailure`, for the files beside the database (the
 * journal, an export): a failure of the storage becomes `storage.failed`,
 * anything else is a bug and propagates.
 */
export function catchFileStorageFailure<T>(operation: () => T): Result<T, Failure> {
  try {
    return ok(operation());
  } catch (error) {
    if (!(error instanceof FileStorageError)) throw error;
    return err(failure('storage.failed', `Local storage failed: ${error.message}`));
  }
}
