/**
 * The POS engine: takes orders locally and delivers them to the server
 * exactly once, whatever the network does.
 *
 * Terminology (one word per concept, as in the project glossary):
 * - order: a sale rung up for one wristband; stored with its items.
 * - work item: something the server must be told, such as "record this
 *   order"; made with its idempotency key and device sequence number.
 * - outbox: the table of queued work items, in the same SQLite database as
 *   the orders, written in the same transaction.
 * - journal: an append-only file beside the database holding every queued
 *   work item too, fsynced before placeOrder returns (`journal/`).
 * - sync: pushing the outbox to the server, oldest first, in batches.
 * - pull: fetching the catalog (menu, prices), event and device facts.
 * - adjustment: a void (takes back what is left of an order) or a refund
 *   (takes back an amount) of an order placed here, approved by a manager's
 *   PIN; queued as a work item of its own (`order.adjust`) behind its order.
 * - amount at risk: the sale money queued work items carry, the totals of
 *   the orders the server does not know yet. A queued void or refund adds
 *   nothing and takes nothing off: it is no sale, and netting a refund that
 *   the server may still refuse against sales it has not seen would hide
 *   money that can be lost.
 * - rejected item: a work item the server refused, parked in the dead-letter
 *   table `rejected_items` for staff to see; it blocks nothing behind it.
 * - quarantine: a folder beside the database where damaged files are moved,
 *   never deleted, when the checks at open distrust them (`recovery/`).
 *
 * `placeOrder` is synchronous and never touches the network. `adjustOrder`
 * never touches the network either, but is asynchronous: checking a PIN
 * takes a deliberately slow key derivation (WebCrypto). `sync` and `pull`
 * are asynchronous, one of each at a time, and never throw for an operating
 * error (network, server, storage): they report it.
 */
import type { AttendeeTier, Failure, Promotion, Result } from '@tabline/domain';
import { assert, err, failure, ok } from '@tabline/domain';
import { catchFileStorageFailure } from './catch-file-storage-failure.ts';
import { catchStorageFailure } from './catch-storage-failure.ts';
import { clearStore } from './guards/clear-store.ts';
import type { BacklogExport } from './guards/export-backlog.ts';
import type { GuardOptions } from './guards/guard-options.ts';
import { passGuard } from './guards/pass-guard.ts';
import type { AdjustOrderInput, PlacedAdjustment } from './adjustments/adjust-order-input.ts';
import { adjustOrder } from './adjustments/adjust-order.ts';
import { createPinGate } from './pin-lockout/pin-gate.ts';
import type { PlaceOrderInput, PlacedOrder } from './orders/place-order-input.ts';
import { placeOrder } from './orders/place-order.ts';
import type { OrderQuote, QuoteOrderInput } from './orders/quote-order.ts';
import { activePromotions, quoteOrder } from './orders/quote-order.ts';
import type { PosEngineOptions } from './pos-engine-options.ts';
import { resolvePosEngineOptions } from './pos-engine-options.ts';
import { pullCatalog } from './pull/pull-catalog.ts';
import type { PullReport } from './pull/pull-report.ts';
import { singleFlight } from './single-flight.ts';
import type { StoreOpenReport } from './store-open-report.ts';
import { pushOutbox } from './sync/push-outbox.ts';
import type { SyncContext } from './sync/sync-context.ts';
import { startSyncLoop } from './sync/sync-loop.ts';
import type { SyncLoopEvent } from './sync/sync-loop.ts';
import type { SyncReport } from './sync/sync-report.ts';
import type { Approver } from './views/list-approvers.ts';
import { listApprovers } from './views/list-approvers.ts';
import type { QueuedWorkItem } from './views/list-queue.ts';
import { listQueue } from './views/list-queue.ts';
import type { RecentOrder } from './views/list-recent-orders.ts';
import { listRecentOrders } from './views/list-recent-orders.ts';
import type { RejectedItem } from './views/list-rejected-items.ts';
import { listRejectedItems } from './views/list-rejected-items.ts';
import type { PosDeviceInfo } from './views/read-device-info.ts';
import { readDeviceInfo } from './views/read-device-info.ts';
import type { Menu } from './views/read-menu.ts';
import { readMenu } from './views/read-menu.ts';
import type { PosStatus } from './views/read-status.ts';
import { readStatus } from './views/read-status.ts';

/** What a reset or a sign-out did. */
export interface ClearReport {
  /** The backlog export written first (when forced), or null. */
  readonly exported: BacklogExport | null;
}

/** What erasing the store did. */
export interface EraseReport extends ClearReport {
  readonly removed: readonly string[];
  /** Quarantine folders beside the store, left for whoever erases the device to decide on. */
  readonly quarantineFolders: readonly string[];
}

/** What a UI can listen to. */
export type PosEvent =
  | { readonly type: 'order-placed'; readonly order: PlacedOrder }
  | { readonly type: 'adjustment-placed'; readonly adjustment: PlacedAdjustment }
  | SyncLoopEvent;

export interface PosEngine {
  /**
   * Stores an order and its work item in one local transaction, and journals
   * it. Refused input (`wristband.invalid`, `order.unknown_product`,
   * `catalog.missing`, limits) and a failing storage (`storage.failed`) are
   * values; nothing is stored.
   */
  placeOrder(input: PlaceOrderInput): Result<PlacedOrder, Failure>;
  /**
   * What an order being rung up comes to now (lines, discounts, total) and
   * where its band stands on this POS's list, priced as `placeOrder` would
   * price it at this moment. Stores nothing; refused lines are values
   * (`order.unknown_product`, limits, `catalog.missing`).
   */
  quoteOrder(input: QuoteOrderInput): Result<OrderQuote, Failure>;
  /** The promotions that apply now, for a band of `tier` (null: for everyone). */
  activePromotions(tier?: AttendeeTier | null): Promotion[];
  /**
   * Voids or refunds an order placed on this device, approved by a manager
   * (picked from `approvers()`) with their PIN, offline: stores the
   * adjustment and its work item in one local transaction and journals it,
   * like an order, and the sync pushes it behind its order. Refusals are
   * values and store nothing: `adjustment.invalid` (no reason or one too
   * long, an amount that is not whole cents from 1 to the order total, an
   * amount for a void), `adjustment.order_unknown` (not placed here, or
   * refused by the server), `adjustment.order_voided`,
   * `adjustment.exceeds_order` (a refund past what is left here: the total
   * less the refunds queued or confirmed), `approval.pin_wrong` (a manager
   * not on the list, or not their PIN), `approval.locked` (too many wrong
   * PINs in a row on this device: no PIN is checked until the lockout
   * ends; `status().approvalsLockedUntil` says when), `storage.failed`.
   * The server checks again and may still refuse it (the item is then
   * parked, as a refused order is); for a void it says what was taken back.
   */
  adjustOrder(input: AdjustOrderInput): Promise<Result<PlacedAdjustment, Failure>>;
  /** The managers who can approve voids and refunds here, by name (from the last pull). */
  approvers(): Approver[];
  /**
   * Pushes the outbox. A call while a sync runs returns that sync's promise,
   * which the first caller's signal governs.
   */
  sync(signal?: AbortSignal): Promise<SyncReport>;
  /**
   * Pushes now: through the sync loop when it runs (a push in flight is
   * shared, the backoff is set aside for this one), else like `sync()`.
   */
  syncNow(): Promise<SyncReport>;
  /**
   * The platform's view of connectivity (a browser's online/offline events).
   * Offline, the loop makes no attempts; back online, it pushes at once.
   */
  setOnline(online: boolean): void;
  /** Typed events for a UI: orders and adjustments placed, the sync loop's changes and pushes. */
  subscribe(listener: (event: PosEvent) => void): () => void;
  /**
   * Pulls the catalog changes and applies them at once, or not at all. One
   * pull at a time, like sync.
   */
  pull(signal?: AbortSignal): Promise<PullReport>;
  status(): PosStatus;
  /** Queued work items, oldest first. */
  queue(limit?: number): QueuedWorkItem[];
  /**
   * The latest orders, with where each stands with the server, and its voids
   * and refunds: what they took back (confirmed, queued) and whether it is voided.
   */
  recentOrders(limit?: number): RecentOrder[];
  /** Rejected items, the latest first. */
  rejectedItems(limit?: number): RejectedItem[];
  menu(): Menu;
  /** Null before the first pull. */
  deviceInfo(): PosDeviceInfo | null;
  /** What opening the store found: checks, journal, and any recovery. */
  openReport(): StoreOpenReport;
  /**
   * Starts the sales history afresh: orders, queue, rejected and withdrawn
   * items go; the device stays paired, keeps its catalog and can take orders
   * at once. Guarded: refused with `pos.unsynced_work` while work items wait
   * for the server, unless forced with an export of the backlog.
   */
  resetStore(guard?: GuardOptions): Result<ClearReport, Failure>;
  /**
   * Forgets the device: everything `resetStore` clears, and the catalog and
   * the device's identity too; then closes the engine. The credentials live
   * in the transport the app built: the app drops it, pairs the device again
   * and opens a new engine. Guarded like `resetStore`.
   */
  signOut(guard?: GuardOptions): Result<ClearReport, Failure>;
  /**
   * Closes the engine and removes the database and the journal from the
   * device. Quarantine folders stay (listed in the report). Guarded like
   * `resetStore`.
   */
  eraseStore(guard?: GuardOptions): Result<EraseReport, Failure>;
  /** Aborts requests in flight and closes the database and the journal. */
  close(): void;
}

export function createPosEngine(options: PosEngineOptions): PosEngine {
  const resolved = resolvePosEngineOptions(options);
  const { db, clock, journal, store } = resolved;
  const lifetime = new AbortController();
  const isClosed = () => lifetime.signal.aborted;
  const contextFor = (signal: AbortSignal | undefined): SyncContext => ({
    options: resolved,
    signal: signal === undefined ? lifetime.signal : AbortSignal.any([lifetime.signal, signal]),
    isClosed,
  });
  const assertOpen = () => assert(!isClosed(), 'the engine is open');
  const pinGate = createPinGate({ db, journal, clock, isClosed });
  const sync = singleFlight(async (signal?: AbortSignal) => {
    const report = await pushOutbox(contextFor(signal));
    if (!isClosed()) journal.afterSync();
    return report;
  });
  const pull = singleFlight(async (signal?: AbortSignal) => {
    const report = await pullCatalog(contextFor(signal));
    if (!isClosed()) journal.afterPull();
    return report;
  });
  const notBusy = (what: string): Result<void, Failure> =>
    sync.inFlight() || pull.inFlight()
      ? err(
          failure(
            'pos.busy',
            `Cannot ${what} while a sync or a pull runs; try again when it ends.`,
          ),
        )
      : ok(undefined);
  const listeners = new Set<(event: PosEvent) => void>();
  const emit = (event: PosEvent) => {
    for (const listener of listeners) listener(event);
  };
  const loop = resolved.autoSync
    ? startSyncLoop({
        ...(resolved.autoSync === true ? {} : resolved.autoSync),
        push: (signal) => sync(signal),
        clock,
        scheduler: resolved.scheduler,
        random: resolved.random,
      })
    : null;
  loop?.subscribe(emit);
  const close = () => {
    if (isClosed()) return;
    loop?.stop();
    lifetime.abort();
    db.close();
    journal.journal.close();
  };
  const clear = (guard: GuardOptions, what: string, scope: 'sales' | 'device') => {
    const idle = notBusy(what);
    if (!idle.ok) return idle;
    const exported = passGuard(resolved, guard, what);
    if (!exported.ok) return exported;
    const cleared = clearStore(resolved, scope);
    return cleared.ok ? ok({ exported: exported.value }) : cleared;
  };

  return {
    placeOrder(input) {
      assertOpen();
      const placed = placeOrder(resolved, input);
      if (placed.ok) {
        emit({ type: 'order-placed', order: placed.value });
        loop?.workQueued();
      }
      return placed;
    },
    quoteOrder(input) {
      assertOpen();
      const quoted = catchStorageFailure(() => quoteOrder(resolved, input));
      return quoted.ok ? quoted.value : quoted;
    },
    activePromotions(tier = null) {
      assertOpen();
      return activePromotions(resolved, tier);
    },
    async adjustOrder(input) {
      assertOpen();
      const placed = await adjustOrder(resolved, pinGate, input, isClosed);
      if (placed.ok) {
        emit({ type: 'adjustment-placed', adjustment: placed.value });
        loop?.workQueued();
      }
      return placed;
    },
    approvers() {
      assertOpen();
      return listApprovers(db);
    },
    sync(signal) {
      assertOpen();
      return sync(signal);
    },
    syncNow() {
      assertOpen();
      return loop ? loop.syncNow() : sync();
    },
    setOnline(online) {
      assertOpen();
      loop?.setOnline(online);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    pull(signal) {
      assertOpen();
      return pull(signal);
    },
    status() {
      assertOpen();
      return readStatus(db, clock.now(), {
        syncing: sync.inFlight(),
        pulling: pull.inFlight(),
        journalError: journal.lastError(),
        unjournaledCount: journal.unjournaledCount(),
        sync: loop?.status() ?? null,
        offlineWarningMs: resolved.offlineWarningMs,
      });
    },
    queue(limit = resolved.viewRowsDefault) {
      assertOpen();
      return listQueue(db, limit);
    },
    recentOrders(limit = resolved.viewRowsDefault) {
      assertOpen();
      return listRecentOrders(db, limit);
    },
    rejectedItems(limit = resolved.viewRowsDefault) {
      assertOpen();
      return listRejectedItems(db, limit);
    },
    menu() {
      assertOpen();
      return readMenu(db);
    },
    deviceInfo() {
      assertOpen();
      return readDeviceInfo(db);
    },
    openReport: () => store.report,
    resetStore(guard = {}) {
      assertOpen();
      return clear(guard, 'reset the store', 'sales');
    },
    signOut(guard = {}) {
      assertOpen();
      const cleared = clear(guard, 'sign the device out', 'device');
      if (cleared.ok) close();
      return cleared;
    },
    eraseStore(guard = {}) {
      assertOpen();
      const idle = notBusy('erase the store');
      if (!idle.ok) return idle;
      const exported = passGuard(resolved, guard, 'erase the store');
      if (!exported.ok) return exported;
      close();
      const erased = catchFileStorageFailure(() => store.files.erase());
      return erased.ok ? ok({ exported: exported.value, ...erased.value }) : erased;
    },
    close,
  };
}
