import { PROCESS_ORDER_QUEUE } from '@tabline/database';
import type { Database, JobQueue, Transaction } from '@tabline/database';
import { failure } from '@tabline/domain';
import type { Clock } from '@tabline/domain';
import type {
  AdjustmentPayload,
  ItemResult,
  PushRequest,
  PushResponse,
  WorkItem,
} from '@tabline/protocol';
import { checkApprovals } from '../adjustments/check-approvals.ts';
import { storeAdjustment } from '../adjustments/store-adjustment.ts';
import type { AuthenticatedDevice } from '../auth/authenticated-device.ts';
import type { ServerMetrics } from '../metrics.ts';
import type { ServerFaults } from '../server-faults.ts';
import { checkOrderPayload } from './check-order-payload.ts';
import type { OrderContext } from './check-order-payload.ts';
import { findIdempotencyKeys } from './find-idempotency-keys.ts';
import type { StoredIdempotencyKey } from './find-idempotency-keys.ts';
import { claimKeysAndReadCatalog } from './claim-keys-read-catalog.ts';
import { findOrders } from './find-orders.ts';
import { flagOrder } from './flag-order.ts';
import type { FlagContext } from './flag-order.ts';
import { heartbeatAfterPush, heartbeatJson, recordHeartbeat } from './record-heartbeat.ts';
import { ingestWithoutIdempotency } from './ingest-without-idempotency.ts';
import { insertKeysAndOrders } from './insert-orders.ts';
import type { NewOrder } from './insert-orders.ts';
import { requestHash } from './request-hash.ts';
import { toItemResult } from './stored-result.ts';
import type { StoredResult } from './stored-result.ts';
import { updateIdempotencyResult } from './update-idempotency-result.ts';

export interface IngestDependencies {
  readonly db: Database;
  readonly jobs: JobQueue;
  readonly clock: Clock;
  readonly metrics?: ServerMetrics;
  /** Makes ids; only the idempotency fault needs them (fresh ids for orders stored again). */
  readonly newId: () => string;
  /** Faults to inject, for testing only (see `ServerFaults`); none when absent. */
  readonly faults?: ServerFaults;
}

/** A work item with what this push decided about it before touching the database. */
interface Evaluated {
  readonly key: string;
  readonly hash: string;
  readonly receivedAt: string;
  result: StoredResult;
  readonly order: NewOrder | null;
  readonly adjustment: AdjustmentPayload | null;
}

/**
 * Ingests a push: `storePush`, unless the idempotency fault is on (testing
 * only), which stores every delivery again instead (see
 * `ingestWithoutIdempotency`). The branch is here, once, so the normal path
 * has no fault checks of its own.
 */
export function ingestPush(
  deps: IngestDependencies,
  device: AuthenticatedDevice,
  request: PushRequest,
): Promise<PushResponse> {
  return deps.faults?.skipIdempotency === true
    ? ingestWithoutIdempotency(deps, device, request, storePush)
    : storePush(deps, device, request);
}

/**
 * Stores a batch of work items from one device, in ONE transaction: the
 * idempotency records, the orders with their items, the voids and refunds
 * (after the orders, so one may adjust an order of the same batch), a
 * processing job for the new orders and one per adjustment, and the
 * device's heartbeat. Each item gets its own outcome: accepted, rejected with a code,
 * or the stored outcome of an earlier push of the same key (a replay, which
 * changes nothing). If the transaction fails, nothing of the batch is kept
 * and the device retries it whole with the same keys.
 */
async function storePush(
  deps: IngestDependencies,
  device: AuthenticatedDevice,
  request: PushRequest,
): Promise<PushResponse> {
  const serverTimeMs = deps.clock.now();
  const receivedAt = new Date(serverTimeMs).toISOString();
  if (request.items.length === 0) {
    await recordHeartbeat(deps.db, device.deviceId, request.heartbeat, serverTimeMs);
    return { results: [], serverTime: receivedAt };
  }
  const items = uniqueByKey(request.items);
  const context: OrderContext = {
    currency: device.currency,
    locationIds: new Set(device.locationIds),
  };
  const productIds = [
    ...new Set(
      items.flatMap((item) =>
        item.kind === 'order.place' ? item.payload.items.map((i) => i.productId) : [],
      ),
    ),
  ];
  const clockSkewMs = request.heartbeat
    ? Date.parse(request.heartbeat.deviceTime) - serverTimeMs
    : null;
  const answers = await deps.db.transaction(async (tx) => {
    const catalog = await claimKeysAndReadCatalog(
      tx,
      device,
      items.map((item) => item.idempotencyKey),
      productIds,
      heartbeatJson(heartbeatAfterPush(request.heartbeat, items), serverTimeMs),
    );
    const flagContext: FlagContext = { catalog, serverTimeMs, clockSkewMs };
    const evaluated = items.map((item) => evaluate(item, context, flagContext, receivedAt));
    return store(tx, deps, device, evaluated);
  });
  const results = request.items.map((item) => answers.get(item.idempotencyKey)!);
  for (const result of results) countOutcome(deps.metrics, result);
  return { results, serverTime: receivedAt };
}

function countOutcome(metrics: ServerMetrics | undefined, result: ItemResult) {
  if (!metrics) return;
  if (result.replayed) metrics.itemOutcome('replayed');
  else if (result.outcome === 'accepted') metrics.itemOutcome('accepted');
  else metrics.itemOutcome('rejected', result.error.code);
}

function uniqueByKey(items: readonly WorkItem[]): WorkItem[] {
  const byKey = new Map<string, WorkItem>();
  for (const item of items)
    if (!byKey.has(item.idempotencyKey)) byKey.set(item.idempotencyKey, item);
  return [...byKey.values()];
}

function evaluate(
  item: WorkItem,
  context: OrderContext,
  flagContext: FlagContext,
  receivedAt: string,
): Evaluated {
  const base = { key: item.idempotencyKey, hash: requestHash(item), receivedAt };
  if (item.kind === 'order.adjust') {
    // Decided in the transaction, against the order as stored; until then a
    // placeholder no one can read.
    return { ...base, result: UNDECIDED, order: null, adjustment: item.payload };
  }
  const rejection = checkOrderPayload(item.payload, context);
  if (rejection) {
    return {
      ...base,
      result: { outcome: 'rejected', error: rejection },
      order: null,
      adjustment: null,
    };
  }
  const flags = flagOrder(item.payload, flagContext);
  return {
    ...base,
    result: {
      outcome: 'accepted',
      order: { orderId: item.payload.orderId, receivedAt, flags },
    },
    order: { payload: item.payload, deviceSeq: item.deviceSeq, receivedAt, flags },
    adjustment: null,
  };
}

const UNDECIDED: StoredResult = {
  outcome: 'rejected',
  error: failure('server.internal', 'Not decided yet.'),
};

async function store(
  tx: Transaction,
  deps: IngestDependencies,
  device: AuthenticatedDevice,
  evaluated: Evaluated[],
): Promise<Map<string, ItemResult>> {
  const stored = await insertKeysAndOrders(
    tx,
    { eventId: device.eventId, deviceId: device.deviceId },
    evaluated,
  );
  const fresh = stored.freshKeys;
  const inserted = stored.insertedOrders;
  const earlier = await findIdempotencyKeys(
    tx,
    device.deviceId,
    evaluated.filter((item) => !fresh.has(item.key)).map((item) => item.key),
  );
  const newOrders = evaluated.filter((item) => fresh.has(item.key) && item.order);
  await settleOrderIdConflicts(tx, device, newOrders, inserted);
  if (inserted.size > 0) {
    await deps.jobs.enqueue(tx, PROCESS_ORDER_QUEUE, [{ orderIds: [...inserted] }]);
  }
  await storeAdjustments(
    tx,
    deps,
    device,
    evaluated.filter((item) => fresh.has(item.key) && item.adjustment),
  );
  return new Map(
    evaluated.map((item) => [
      item.key,
      fresh.has(item.key)
        ? toItemResult(item.key, item.result, false)
        : answerEarlier(item, earlier.get(item.key)),
    ]),
  );
}

/**
 * Decides and stores the voids and refunds of the batch, in device order,
 * each under its own key: an approval that does not check out, or an
 * adjustment its order cannot take, is a stored rejection like any other.
 */
async function storeAdjustments(
  tx: Transaction,
  deps: IngestDependencies,
  device: AuthenticatedDevice,
  items: readonly Evaluated[],
) {
  if (items.length === 0) return;
  const payloads = items.map((item) => item.adjustment!);
  const refused = await checkApprovals(tx, device.eventId, payloads);
  for (const item of items) {
    const payload = item.adjustment!;
    const approvalFailure = refused.get(payload.adjustmentId);
    item.result = approvalFailure
      ? { outcome: 'rejected', error: approvalFailure }
      : await storeAdjustment(tx, deps.jobs, {
          id: payload.adjustmentId,
          eventId: device.eventId,
          orderId: payload.orderId,
          kind: payload.kind,
          amountCents: payload.kind === 'refund' ? payload.amountCents : null,
          reason: payload.reason,
          approvedBy: payload.approval.staffUserId,
          deviceId: device.deviceId,
          placedAt: payload.placedAt,
          receivedAt: item.receivedAt,
        });
    await updateIdempotencyResult(tx, device.deviceId, item.key, item.result);
  }
}

/**
 * An order id that already exists: the same order sent again under another
 * key by the same device is the same sale, answered as accepted; an id used
 * by anything else is refused.
 */
async function settleOrderIdConflicts(
  tx: Transaction,
  device: AuthenticatedDevice,
  newOrders: readonly Evaluated[],
  inserted: ReadonlySet<string>,
) {
  const conflicts = newOrders.filter((item) => !inserted.has(item.order!.payload.orderId));
  if (conflicts.length === 0) return;
  const existing = await findOrders(
    tx,
    conflicts.map((item) => item.order!.payload.orderId),
  );
  for (const item of conflicts) {
    const order = existing.get(item.order!.payload.orderId);
    const sameSale = order?.deviceId === device.deviceId && order.eventId === device.eventId;
    item.result = sameSale
      ? {
          outcome: 'accepted',
          order: {
            orderId: order.id,
            receivedAt: order.receivedAt.toISOString(),
            flags: order.flags,
          },
        }
      : { outcome: 'rejected', error: failure('order.id_conflict', 'This order id is taken.') };
    await updateIdempotencyResult(tx, device.deviceId, item.key, item.result);
  }
}

function answerEarlier(item: Evaluated, earlier: StoredIdempotencyKey | undefined): ItemResult {
  if (!earlier) throw new Error(`Invariant violated: key ${item.key} neither new nor stored`);
  if (earlier.hash !== item.hash) {
    return toItemResult(
      item.key,
      {
        outcome: 'rejected',
        error: failure(
          'idempotency.key_reused',
          'This key was used before for different content; the first outcome stands.',
        ),
      },
      false,
    );
  }
  return toItemResult(item.key, earlier.result, true);
}
