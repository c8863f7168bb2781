/**
 * What a POS engine is built from, and every default it has, in one place.
 */
import type { Clock, Random } from '@tabline/domain';
import { assert } from '@tabline/domain';
import { PULL_PAGE_RECORDS_MAX, PUSH_ITEMS_MAX, REQUEST_BODY_BYTES_MAX } from '@tabline/protocol';
import { createDeferredCommitDatabase } from './faults/deferred-commit-database.ts';
import { createDeferredJournal } from './faults/deferred-journal.ts';
import { FAULT_DEFER_COMMIT_MS_MAX } from './faults/pos-engine-faults.ts';
import type { PosEngineFaults } from './faults/pos-engine-faults.ts';
import type { JournalKeeper } from './journal/journal-keeper.ts';
import { createJournalKeeper } from './journal/journal-keeper.ts';
import type { WorkItemJournal } from './journal/work-item-journal.ts';
import type { PullCache } from './store/pull-cache.ts';
import { createPullCache } from './store/pull-cache.ts';
import type { OpenedStore } from './open-pos-store.ts';
import type { SqliteDatabase } from './sqlite-database.ts';
import type { SyncTransport } from './sync-transport.ts';
import { systemScheduler } from './scheduler.ts';
import type { Scheduler } from './scheduler.ts';
import type { SyncLoopOptions } from './sync/sync-loop.ts';

/**
 * The largest push body the engine builds by default, in bytes: a quarter of
 * what the server reads. Typical orders are well under 1 KiB, so a batch of
 * PUSH_ITEMS_MAX fits easily; on a weak link a smaller body is more likely to
 * arrive before the time-out.
 */
export const PUSH_BYTES_MAX_DEFAULT = 256 * 1024;

/**
 * The most pushes one `sync()` makes. With PUSH_ITEMS_MAX items each this
 * drains 5,000 queued orders per call; a device that was offline longer says
 * so in `remaining` and the caller syncs again, so one call never runs for
 * ever while orders keep arriving.
 */
export const PUSH_BATCHES_PER_SYNC_MAX_DEFAULT = 50;

/**
 * The most pages one `pull()` reads before applying them. All pages of one
 * pull are held in memory and applied in one transaction, so this bounds
 * both; a larger catalog is finished by the next pull.
 */
export const PULL_PAGES_MAX_DEFAULT = 50;

/** Reported in heartbeats when the app does not give its own version. */
export const POS_ENGINE_VERSION = '0.1.0';

/** The most rows a read view (queue, recent orders, dead letters) returns. */
export const VIEW_ROWS_MAX = 500;

/** The rows a read view returns when the caller does not say. */
export const VIEW_ROWS_DEFAULT = 50;

export interface PosEngineOptions {
  /**
   * The store `openPosStore` checked (database, journal, files): the engine
   * owns it from now on, and `close()` closes it.
   */
  readonly store: OpenedStore;
  readonly transport: SyncTransport;
  readonly clock: Clock;
  readonly random: Random;
  /** The most work items in one push; at most PUSH_ITEMS_MAX. */
  readonly pushItemsMax?: number;
  /** The largest push body in bytes; below REQUEST_BODY_BYTES_MAX. */
  readonly pushBytesMax?: number;
  readonly pushBatchesPerSyncMax?: number;
  /** Records asked for per pull page; at most PULL_PAGE_RECORDS_MAX. */
  readonly pullPageSize?: number;
  readonly pullPagesMax?: number;
  /** Rows a read view returns when the caller does not say; at most VIEW_ROWS_MAX. */
  readonly viewRowsDefault?: number;
  /** The app's version, reported in every heartbeat. */
  readonly appVersion?: string;
  /**
   * Run the sync loop: push soon after each order, every interval (with the
   * heartbeat), with backoff, watching for stalls. Off by default, so a test
   * or a one-shot command drives `sync()` itself; apps turn it on.
   */
  readonly autoSync?: boolean | AutoSyncOptions;
  /** Timers for the sync loop; the platform's by default. */
  readonly scheduler?: Scheduler;
  /**
   * Out of touch with the server this long, the status warns staff. Defaults
   * to the event's setting from the last pull (offlineWarningSeconds).
   */
  readonly offlineWarningMs?: number | null;
  /**
   * Faults to inject, for testing only: each breaks a guarantee on purpose
   * (see `PosEngineFaults`). None by default; apps never set them.
   */
  readonly faults?: PosEngineFaults;
}

/** The sync loop's tunables (see `sync/sync-loop.ts`). */
export type AutoSyncOptions = Pick<
  SyncLoopOptions,
  'online' | 'intervalMs' | 'coalesceMs' | 'watchdogIntervalMs' | 'stallTimeoutMs' | 'policies'
>;

export interface ResolvedPosEngineOptions extends Required<PosEngineOptions> {
  /** The store's database. */
  readonly db: SqliteDatabase;
  /** The store's journal, kept in step with the database. */
  readonly journal: JournalKeeper;
  /** What the last pull gave, kept between orders while provably current. */
  readonly pullCache: PullCache;
}

export function resolvePosEngineOptions(options: PosEngineOptions): ResolvedPosEngineOptions {
  const scheduler = options.scheduler ?? systemScheduler;
  const faults = options.faults ?? {};
  const { db, journal } = storage(options.store, scheduler, faults);
  const resolved: ResolvedPosEngineOptions = {
    ...options,
    db,
    journal: createJournalKeeper(db, journal),
    pullCache: createPullCache(),
    pushItemsMax: options.pushItemsMax ?? PUSH_ITEMS_MAX,
    pushBytesMax: options.pushBytesMax ?? PUSH_BYTES_MAX_DEFAULT,
    pushBatchesPerSyncMax: options.pushBatchesPerSyncMax ?? PUSH_BATCHES_PER_SYNC_MAX_DEFAULT,
    pullPageSize: options.pullPageSize ?? PULL_PAGE_RECORDS_MAX,
    pullPagesMax: options.pullPagesMax ?? PULL_PAGES_MAX_DEFAULT,
    viewRowsDefault: options.viewRowsDefault ?? VIEW_ROWS_DEFAULT,
    appVersion: options.appVersion ?? POS_ENGINE_VERSION,
    autoSync: options.autoSync ?? false,
    scheduler,
    offlineWarningMs: options.offlineWarningMs ?? null,
    faults,
  };
  checkLimits(resolved);
  return resolved;
}

/**
 * The database and journal the engine works on: the store's own, or with the
 * `deferCommitMs` fault (testing only) stand-ins that hold work in memory
 * until a timer commits it. The choice is made once, here, so the engine's
 * code has no fault checks and costs nothing more without faults.
 */
function storage(
  store: OpenedStore,
  scheduler: Scheduler,
  faults: PosEngineFaults,
): { db: SqliteDatabase; journal: WorkItemJournal } {
  const { deferCommitMs } = faults;
  if (deferCommitMs === undefined) return store;
  assert(
    isCount(deferCommitMs, FAULT_DEFER_COMMIT_MS_MAX),
    'faults.deferCommitMs is 1 to FAULT_DEFER_COMMIT_MS_MAX',
  );
  const db = createDeferredCommitDatabase(store.db, scheduler, deferCommitMs);
  return { db, journal: createDeferredJournal(store.journal, () => db.commitNow()) };
}

function checkLimits(options: ResolvedPosEngineOptions): void {
  assert(isCount(options.pushItemsMax, PUSH_ITEMS_MAX), 'pushItemsMax is 1 to PUSH_ITEMS_MAX');
  assert(
    isCount(options.pushBytesMax, REQUEST_BODY_BYTES_MAX - 1),
    'pushBytesMax is below REQUEST_BODY_BYTES_MAX',
  );
  assert(isCount(options.pushBatchesPerSyncMax, Infinity), 'pushBatchesPerSyncMax >= 1');
  assert(
    isCount(options.pullPageSize, PULL_PAGE_RECORDS_MAX),
    'pullPageSize is 1 to PULL_PAGE_RECORDS_MAX',
  );
  assert(isCount(options.pullPagesMax, Infinity), 'pullPagesMax >= 1');
  assert(isCount(options.viewRowsDefault, VIEW_ROWS_MAX), 'viewRowsDefault is 1 to VIEW_ROWS_MAX');
}

function isCount(value: number, max: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= max;
}
