/**
 * The guard in front of every operation that destroys local data: while any
 * work item waits for the server, it is refused with `pos.unsynced_work`
 * (saying how many and how much), unless the caller forces it with an
 * exporter, in which case the backlog is exported, durably, first. A failed
 * export (`pos.export_failed`) stops the operation: nothing is destroyed
 * that is not somewhere else.
 */
import type { Failure, Result } from '@tabline/domain';
import { err, failure, ok, toDecimalString } from '@tabline/domain';
import { catchStorageFailure } from '../catch-storage-failure.ts';
import { FileStorageError } from '../file-storage-error.ts';
import type { ResolvedPosEngineOptions } from '../pos-engine-options.ts';
import { readDeviceState } from '../store/read-device-state.ts';
import type { BacklogExport } from './export-backlog.ts';
import { exportBacklog } from './export-backlog.ts';
import type { GuardOptions } from './guard-options.ts';

interface Backlog {
  readonly count: number;
  readonly amountCents: number;
}

/** Checks the guard, exports if forced, and returns the backlog export (null when not forced). */
export function passGuard(
  options: ResolvedPosEngineOptions,
  guard: GuardOptions,
  reason: string,
): Result<BacklogExport | null, Failure> {
  const backlog = catchStorageFailure(() => readBacklog(options));
  if (!backlog.ok) return backlog;
  if (guard.force !== true) {
    if (backlog.value.count === 0) return ok(null);
    return err(failure('pos.unsynced_work', describeRefusal(options, backlog.value, reason)));
  }
  return exportFirst(options, guard.exportTo, reason);
}

function exportFirst(
  options: ResolvedPosEngineOptions,
  exporter: Extract<GuardOptions, { force: true }>['exportTo'],
  reason: string,
): Result<BacklogExport, Failure> {
  try {
    return catchStorageFailure(() => exportBacklog(options.db, exporter, reason, options.clock));
  } catch (error) {
    if (!(error instanceof FileStorageError)) throw error;
    return err(
      failure(
        'pos.export_failed',
        `The backlog could not be exported to ${exporter.destination}, so nothing was done: ${error.message}`,
      ),
    );
  }
}

function readBacklog(options: ResolvedPosEngineOptions): Backlog {
  return options.db.get<Backlog>(
    'SELECT count(*) AS count, coalesce(sum(amount_cents), 0) AS amountCents FROM outbox',
  )!;
}

function describeRefusal(options: ResolvedPosEngineOptions, backlog: Backlog, reason: string) {
  const currency = readDeviceState(options.db).currency;
  const amount =
    currency === null
      ? `${backlog.amountCents} cents`
      : `${toDecimalString({ amountCents: backlog.amountCents, currency })} ${currency}`;
  return (
    `Cannot ${reason}: ${backlog.count} work items worth ${amount} have not reached the server. ` +
    'Sync first, or force it with an export of the backlog.'
  );
}
