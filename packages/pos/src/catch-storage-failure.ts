import type { Failure, Result } from '@tabline/domain';
import { err, failure, ok } from '@tabline/domain';
import { isStorageFailure } from './sqlite-error.ts';

/**
 * Runs a database operation and turns a failure of the device's storage (full,
 * I/O error, locked) into a `storage.failed` value, so the engine reports it
 * instead of throwing at the UI. Any other error is a bug and propagates.
 */
export function catchStorageFailure<T>(operation: () => T): Result<T, Failure> {
  try {
    return ok(operation());
  } catch (error) {
    if (!isStorageFailure(error)) throw error;
    return err(failure('storage.failed', `Local storage failed: ${error.message}`));
  }
}
