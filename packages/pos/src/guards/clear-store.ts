import type { Failure, Result } from '@tabline/domain';
import { ok } from '@tabline/domain';
import { catchStorageFailure } from '../catch-storage-failure.ts';
import { catchFileStorageFailure } from '../catch-file-storage-failure.ts';
import type { ResolvedPosEngineOptions } from '../pos-engine-options.ts';
import { clearLocalData } from '../store/clear-local-data.ts';
import { readStoreState } from '../store/read-store-state.ts';

/**
 * Clears local data for a reset or a sign-out (see `clearLocalData`). The
 * journal is emptied first, then the database: a crash in between leaves a
 * journal that has forgotten rows the database still holds, which the next
 * open treats as damage and answers by rebuilding from the database, so the
 * work comes back rather than half of it vanishing. The other order could
 * resurrect cleared work from the journal after the reset.
 */
export function clearStore(
  options: ResolvedPosEngineOptions,
  scope: 'sales' | 'device',
): Result<void, Failure> {
  const { db, journal } = options;
  const state = catchStorageFailure(() => readStoreState(db)!);
  if (!state.ok) return state;
  const emptied = catchFileStorageFailure(() =>
    journal.journal.rewrite({ seqMax: state.value.lastSeq, commitSeq: state.value.commitSeq }, []),
  );
  if (!emptied.ok) return emptied;
  const cleared = catchStorageFailure(() => clearLocalData(db, scope));
  if (!cleared.ok) {
    // Put the journal back in step with the rows that stayed.
    catchFileStorageFailure(() => journal.rewriteFromStore());
    return cleared;
  }
  return ok(undefined);
}
