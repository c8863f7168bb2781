/**
 * Taking an order: the one operation staff wait for. It is synchronous and
 * local (one SQLite transaction, no network), so it answers in milliseconds
 * whatever the venue's Wi-Fi is doing, and an order it returned is stored
 * durably twice: in the database with its outbox work item, and in the
 * work-item journal, fsynced after the commit and before returning.
 *
 * When the journal cannot be written (the storage is full), the order is
 * committed in SQLite but not durable twice. It is then withdrawn in a
 * second transaction (kept in `withdrawn_items`, never sent) and reported as
 * `storage.failed`: staff know it was not taken and nothing is charged. If
 * even the withdrawal fails, the order stays, stored once and to be sent,
 * and placeOrder returns it: reporting a failure for an order that will be
 * charged would have staff ring it up again (a double charge), and the
 * attendee already has the goods. The journal catches up before the next
 * order, and `status().journalError` says what happened.
 */
import type { Failure, Order, OrderItem, Result } from '@tabline/domain';
import {
  assert,
  checkOrderItems,
  err,
  failure,
  newId,
  normalizeWristbandUid,
  ok,
  orderTotalCents,
  formatMoney,
} from '@tabline/domain';
import { PlaceOrderWorkItem } from '@tabline/protocol';
import { catchStorageFailure } from '../catch-storage-failure.ts';
import { describeSchemaMismatch } from '../describe-schema-mismatch.ts';
import { inTransaction } from '../in-transaction.ts';
import type { QueuedRecord } from '../journal/journal-record.ts';
import { journalOrWithdraw } from '../journal/journal-or-withdraw.ts';
import type { ResolvedPosEngineOptions } from '../pos-engine-options.ts';
import type { KnownWristband } from '../store/find-wristband.ts';
import { insertOrder } from '../store/insert-order.ts';
import { insertOutboxItem } from '../store/insert-outbox-item.ts';
import type { PullCacheKey } from '../store/pull-cache.ts';
import type { SaleContext } from '../store/read-device-state.ts';
import type { OrderContext } from '../store/read-order-context.ts';
import { readOrderContext } from '../store/read-order-context.ts';
import { recordCommitFrom } from '../store/record-commit.ts';
import { buildPlaceOrderWorkItem } from './build-place-order-work-item.ts';
import type { PlaceOrderInput, PlacedOrder } from './place-order-input.ts';
import { offlineLimitCents } from './offline-limit.ts';
import { priceItems } from './price-items.ts';
import { resolveOrderLines } from './resolve-order-lines.ts';
import type { ResolvedLine } from './resolve-order-lines.ts';
import { matchesSchema } from '../check-schema.ts';

/** An order committed in SQLite, with the journal record that makes it durable twice. */
interface StoredOrder {
  readonly order: PlacedOrder;
  readonly record: Omit<QueuedRecord, 'type'>;
  /** The pull cache's key the order was priced at, to carry past its commit. */
  readonly cacheKey: PullCacheKey;
}

/** What an order is checked against: its context, and the pull's facts about it. */
interface OrderFacts extends OrderContext {
  readonly sale: SaleContext;
  readonly band: KnownWristband | undefined;
}

/**
 * Prices, checks and stores an order with its work item, in one transaction,
 * then journals it. Refused input and a failing storage come back as a
 * Failure and leave nothing behind (but a withdrawn item, see above).
 */
export function placeOrder(
  options: ResolvedPosEngineOptions,
  input: PlaceOrderInput,
): Result<PlacedOrder, Failure> {
  const wristbandUid = normalizeWristbandUid(input.wristbandUid);
  if (!wristbandUid.ok) return wristbandUid;
  // Everything is read (or found current in the pull cache) inside the write
  // transaction, so a pull by another connection cannot change prices
  // between pricing and storing.
  const outcome = catchStorageFailure(() =>
    inTransaction(options.db, () => priceAndStore(options, wristbandUid.value, input)),
  );
  if (!outcome.ok) return outcome;
  if (!outcome.value.ok) return outcome.value;
  const stored = outcome.value.value;
  options.pullCache.carry(stored.cacheKey, stored.record.commitSeq);
  const journaled = journalOrWithdraw(options, stored.record, 'The order was not taken.');
  return journaled.ok ? ok(stored.order) : journaled;
}

function priceAndStore(
  options: ResolvedPosEngineOptions,
  wristbandUid: string,
  input: PlaceOrderInput,
): Result<StoredOrder, Failure> {
  const { db, clock } = options;
  const context = readOrderContext(db, wristbandUid);
  const cacheKey = { commitSeq: context.commitSeq, dataVersion: context.dataVersion };
  const pulled = options.pullCache.at(db, cacheKey);
  const sale = pulled.saleContext();
  if (sale.catalogCursor === null) {
    return err(
      failure('catalog.missing', 'This POS has no menu yet: connect it once to pull the catalog.'),
    );
  }
  const band = pulled.findBand(wristbandUid);
  if (band?.status === 'blocked') {
    return err(
      failure(
        'wristband.blocked',
        `Wristband ${wristbandUid} is blocked (reported lost): do not serve it, call a manager.`,
      ),
    );
  }
  const lines = resolveOrderLines(input.items, (productId) => pulled.findProduct(productId));
  if (!lines.ok) return lines;
  // Quantities and limits first: the pricing code takes well-formed lines only.
  const unpriced = checkOrderItems(lines.value.map(unpricedItem));
  if (!unpriced.ok) return unpriced;
  const placedAt = clock.now();
  const items = priceItems(lines.value, pulled.promotions(), {
    placedAt,
    timeZone: sale.timeZone ?? 'UTC',
    tier: band?.tier ?? null,
  });
  const limits = checkOrderItems(items);
  if (!limits.ok) return limits;
  const facts = { ...context, sale, band };
  const withinLimit = checkOfflineLimit(facts, wristbandUid, orderTotalCents(items));
  if (!withinLimit.ok) return withinLimit;
  const stored = storeOrder(options, facts, wristbandUid, items, placedAt);
  return ok({ ...stored, cacheKey });
}

function unpricedItem(line: ResolvedLine): OrderItem {
  return { ...line, discountCents: 0, promotionIds: [] };
}

/**
 * What one wristband may owe on this POS before the server has confirmed it:
 * the orders still queued for it (counted in the store, inside this
 * transaction) plus this one, within the event's offline spending limit (or
 * the band's tab limit if lower).
 */
function checkOfflineLimit(
  facts: OrderFacts,
  wristbandUid: string,
  totalCents: number,
): Result<void, Failure> {
  const { sale, band, unconfirmedCents: unconfirmed } = facts;
  const limit = offlineLimitCents(sale.offlineSpendingLimitCents, band);
  if (limit === null) return ok(undefined);
  if (unconfirmed + totalCents <= limit) return ok(undefined);
  const money = (cents: number) =>
    formatMoney({ amountCents: cents, currency: sale.currency ?? 'USD' });
  return err(
    failure(
      'wristband.offline_limit',
      `Wristband ${wristbandUid} has ${money(unconfirmed)} not yet confirmed on this POS; ` +
        `with this order it would pass the limit of ${money(limit)}. Sync first, or take a smaller order.`,
    ),
  );
}

/**
 * Makes the order's id and its idempotency key right here, inside the
 * transaction that stores them, so they exist only if the order does, and
 * every retry of the push reuses them.
 */
function storeOrder(
  options: ResolvedPosEngineOptions,
  facts: OrderFacts,
  wristbandUid: string,
  items: readonly OrderItem[],
  placedAt: number,
): Omit<StoredOrder, 'cacheKey'> {
  const { db, clock, random } = options;
  const { sale } = facts;
  assert(sale.currency !== null, 'a pulled catalog comes with the event currency');
  const order: Order = {
    id: newId(clock, random),
    wristbandUid,
    locationId: sale.locationId,
    currency: sale.currency,
    items,
    totalCents: orderTotalCents(items),
    placedAt,
  };
  const workItem = buildPlaceOrderWorkItem(order, {
    idempotencyKey: newId(clock, random),
    deviceSeq: facts.nextSeq,
    catalogVersion: Number(sale.catalogCursor),
  });
  checkWorkItem(workItem);
  insertOrder(db, order, workItem.payload.catalogVersion);
  const payload = insertOutboxItem(db, {
    workItem,
    orderId: order.id,
    amountCents: order.totalCents,
    createdAt: order.placedAt,
  });
  const commitSeq = recordCommitFrom(db, facts.storeState, workItem.deviceSeq);
  const record = {
    seq: workItem.deviceSeq,
    idempotencyKey: workItem.idempotencyKey,
    kind: workItem.kind,
    orderId: order.id,
    amountCents: order.totalCents,
    createdAt: order.placedAt,
    commitSeq,
    payload,
  };
  return { order, record };
}

/**
 * Every input was checked (catalog records by the pull, the wristband and
 * limits above), so the server's schema cannot refuse this item. If it could,
 * the item would be stuck in the outbox for good: better to crash in testing.
 */
function checkWorkItem(workItem: PlaceOrderWorkItem): void {
  if (matchesSchema(PlaceOrderWorkItem, workItem)) return;
  assert(
    false,
    `work item matches the protocol: ${describeSchemaMismatch(PlaceOrderWorkItem, workItem)}`,
  );
}
