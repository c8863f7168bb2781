import { pinLockoutEnd } from '../pin-lockout/pin-lockout.ts';
import type { SqliteDatabase } from '../sqlite-database.ts';
import { readBacklog } from '../store/read-backlog.ts';
import { readDeviceState } from '../store/read-device-state.ts';
import { readPinLockout } from '../store/read-pin-lockout.ts';
import type { SyncLoopStatus } from '../sync/sync-loop.ts';
import type { SyncError } from '../sync/sync-report.ts';

/**
 * What staff and the dashboard need to trust a device: how much is waiting
 * for the server, how old the oldest of it is, and whether sync is working.
 */
export interface PosStatus {
  /** Work items in the outbox: orders, voids and refunds. */
  readonly backlogCount: number;
  /**
   * The sale money those items carry: the totals of the orders the server
   * does not know yet. A queued void or refund adds nothing and takes
   * nothing off (it is no sale, and the server may still refuse it).
   */
  readonly amountAtRiskCents: number;
  readonly currency: string | null;
  /** When the oldest queued item was made (epoch ms, device clock), or null. */
  readonly oldestQueuedAt: number | null;
  /** How long it has waited, by the engine's clock, or null. */
  readonly oldestQueuedAgeMs: number | null;
  /** When the server last answered a push. */
  readonly lastSyncAt: number | null;
  /** Why the last sync stopped, until a push is answered again. */
  readonly lastError: SyncError | null;
  /** Work items the server refused, parked for staff. */
  readonly rejectedCount: number;
  readonly syncing: boolean;
  readonly pulling: boolean;
  /**
   * The last failure to write the work-item journal, or null. While set,
   * orders may be stored once only (see `placeOrder`).
   */
  readonly journalError: string | null;
  /** Orders stored in the database that could not be journaled yet (0 when healthy). */
  readonly unjournaledCount: number;
  /** When the server last answered a push, a heartbeat or a pull, or null. */
  readonly lastContactAt: number | null;
  /** Out of touch longer than the event allows: staff should find a connection. */
  readonly offlineWarning: boolean;
  /** The sync loop's state, when it runs (`autoSync`), else null. */
  readonly sync: SyncLoopStatus | null;
  /**
   * While too many wrong manager PINs have locked PIN approvals, when they
   * open again (epoch ms, device clock); null when a PIN can be checked.
   * Voids and refunds are refused (`approval.locked`) until then.
   */
  readonly approvalsLockedUntil: number | null;
}

export interface Activity {
  readonly syncing: boolean;
  readonly pulling: boolean;
  readonly journalError: string | null;
  readonly unjournaledCount: number;
  readonly sync: SyncLoopStatus | null;
  /** Overrides the event's offline warning (ms), or null to use it. */
  readonly offlineWarningMs: number | null;
}

export function readStatus(db: SqliteDatabase, now: number, activity: Activity): PosStatus {
  const backlog = readBacklog(db);
  const device = readDeviceState(db);
  const { offlineWarningMs, ...rest } = activity;
  const lastContactAt = latest(device.lastSyncAt, device.catalogPulledAt);
  const warnAfterMs =
    offlineWarningMs ??
    (device.offlineWarningSeconds === null ? null : device.offlineWarningSeconds * 1000);
  return {
    ...backlog,
    lastContactAt,
    offlineWarning:
      lastContactAt !== null && warnAfterMs !== null && now - lastContactAt > warnAfterMs,
    currency: device.currency,
    // A device clock set back makes the age negative; it is at least 0.
    oldestQueuedAgeMs:
      backlog.oldestQueuedAt === null ? null : Math.max(0, now - backlog.oldestQueuedAt),
    lastSyncAt: device.lastSyncAt,
    lastError: device.lastSyncError,
    ...rest,
    approvalsLockedUntil: pinLockoutEnd(readPinLockout(db), now),
  };
}

function latest(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  return b === null ? a : Math.max(a, b);
}
