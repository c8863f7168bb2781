import type { Failure, Result } from '@tabline/domain';
import { err, failure, ok } from '@tabline/domain';
import { catchStorageFailure } from '../catch-storage-failure.ts';
import { FileStorageError } from '../file-storage-error.ts';
import type { ResolvedPosEngineOptions } from '../pos-engine-options.ts';
import { withdrawWorkItem } from '../store/withdraw-work-item.ts';
import type { QueuedRecord } from './journal-record.ts';

/**
 * Makes a work item just committed in SQLite durable twice: journals it,
 * fsynced, before the caller returns it. When the journal cannot be written
 * (the storage is full), the item is withdrawn in a second transaction (kept
 * in `withdrawn_items`, never sent) and reported as `storage.failed`, with
 * `notTaken` saying what staff must know ("The order was not taken."). If
 * even the withdrawal fails, the item stays, stored once and to be sent, and
 * this answers ok: reporting a failure for work that will reach the server
 * would have staff do it again (an order rung up twice, a refund given
 * twice). The journal catches up before the next item, and
 * `status().journalError` says what happened.
 */
export function journalOrWithdraw(
  options: ResolvedPosEngineOptions,
  record: Omit<QueuedRecord, 'type'>,
  notTaken: string,
): Result<void, Failure> {
  try {
    options.journal.appendQueued(record);
    return ok(undefined);
  } catch (error) {
    if (!(error instanceof FileStorageError)) throw error;
    return withdrawOrKeep(options, record.seq, error, notTaken);
  }
}

function withdrawOrKeep(
  options: ResolvedPosEngineOptions,
  seq: number,
  error: FileStorageError,
  notTaken: string,
): Result<void, Failure> {
  const { db, clock, journal } = options;
  const reason = `The journal could not be written: ${error.message}`;
  const withdrawn = catchStorageFailure(() => withdrawWorkItem(db, seq, clock.now(), reason));
  if (withdrawn.ok) return err(failure('storage.failed', `${notTaken} ${reason}`));
  journal.rememberUnjournaled(seq);
  return ok(undefined);
}
