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
 * - sync: pushing the outbox to the server, oldest first, in batches.
 * - pull: fetching the catalog (menu, prices), event and device facts.
 * - rejected item: a work item the server refused, parked in the dead-letter
 *   table `rejected_items` for staff to see; it blocks nothing behind it.
 *
 * `placeOrder` is synchronous and never touches the network. `sync` and
 * `pull` are asynchronous, one of each at a time, and never throw for an
 * operating error (network, server, storage): they report it.
 */
import type { Failure, Result } from '@tabline/domain';
import { assert } from '@tabline/domain';
import type { PlaceOrderInput, PlacedOrder } from './orders/place-order-input.ts';
import { placeOrder } from './orders/place-order.ts';
import type { PosEngineOptions } from './pos-engine-options.ts';
import { resolvePosEngineOptions } from './pos-engine-options.ts';
import { pullCatalog } from './pull/pull-catalog.ts';
import type { PullReport } from './pull/pull-report.ts';
import { singleFlight } from './single-flight.ts';
import { pushOutbox } from './sync/push-outbox.ts';
import type { SyncContext } from './sync/sync-context.ts';
import type { SyncReport } from './sync/sync-report.ts';
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

export interface PosEngine {
  /**
   * Stores an order and its work item in one local transaction. Refused input
   * (`wristband.invalid`, `order.unknown_product`, `catalog.missing`, limits)
   * and a failing storage (`storage.failed`) are values; nothing is stored.
   */
  placeOrder(input: PlaceOrderInput): Result<PlacedOrder, Failure>;
  /**
   * Pushes the outbox. A call while a sync runs returns that sync's promise,
   * which the first caller's signal governs.
   */
  sync(signal?: AbortSignal): Promise<SyncReport>;
  /**
   * Pulls the catalog changes and applies them at once, or not at all. One
   * pull at a time, like sync.
   */
  pull(signal?: AbortSignal): Promise<PullReport>;
  status(): PosStatus;
  /** Queued work items, oldest first. */
  queue(limit?: number): QueuedWorkItem[];
  /** The latest orders, with where each stands with the server. */
  recentOrders(limit?: number): RecentOrder[];
  /** Rejected items, the latest first. */
  rejectedItems(limit?: number): RejectedItem[];
  menu(): Menu;
  /** Null before the first pull. */
  deviceInfo(): PosDeviceInfo | null;
  /** Aborts requests in flight and closes the database. */
  close(): void;
}

export function createPosEngine(options: PosEngineOptions): PosEngine {
  const resolved = resolvePosEngineOptions(options);
  const { db, clock } = resolved;
  const lifetime = new AbortController();
  const isClosed = () => lifetime.signal.aborted;
  const contextFor = (signal: AbortSignal | undefined): SyncContext => ({
    options: resolved,
    signal: signal === undefined ? lifetime.signal : AbortSignal.any([lifetime.signal, signal]),
    isClosed,
  });
  const assertOpen = () => assert(!isClosed(), 'the engine is open');
  const sync = singleFlight((signal?: AbortSignal) => pushOutbox(contextFor(signal)));
  const pull = singleFlight((signal?: AbortSignal) => pullCatalog(contextFor(signal)));

  return {
    placeOrder(input) {
      assertOpen();
      return placeOrder(resolved, input);
    },
    sync(signal) {
      assertOpen();
      return sync(signal);
    },
    pull(signal) {
      assertOpen();
      return pull(signal);
    },
    status() {
      assertOpen();
      return readStatus(db, clock.now(), { syncing: sync.inFlight(), pulling: pull.inFlight() });
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
    close() {
      if (isClosed()) return;
      lifetime.abort();
      db.close();
    },
  };
}
