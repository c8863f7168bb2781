/**
 * The `skipIdempotency` fault (testing only): ingests a push as a server
 * without an idempotency check would, so that a push delivered twice (its
 * answer lost, the device retrying) stores its orders twice, and the
 * simulator can show that its duplicate check catches it.
 *
 * It wraps the normal ingest instead of changing it: every work item gets a
 * fresh idempotency key, so no delivery ever finds an earlier one; an order
 * this device has stored already gets a fresh order id (`orders.id` is the
 * primary key), so it is stored again, with the same device seq and content.
 * The answers carry the device's own keys and order ids back, so the device
 * takes them as it takes any acceptance.
 *
 * Whether an order is stored already is read before the push's transaction:
 * two deliveries of one order at the same moment may still store it once
 * (the second settles as the same sale). The case the fault is for, a retry
 * after a lost answer, comes after the first delivery committed, and always
 * stores the order again.
 */
import type { PushRequest, PushResponse, WorkItem } from '@tabline/protocol';
import type { ItemResult } from '@tabline/protocol';
import type { AuthenticatedDevice } from '../auth/authenticated-device.ts';
import type { IngestDependencies } from './ingest-push.ts';
import { findOrders } from './find-orders.ts';

/** The normal ingest, which this calls with the rewritten push. */
export type StorePush = (
  deps: IngestDependencies,
  device: AuthenticatedDevice,
  request: PushRequest,
) => Promise<PushResponse>;

/** What the rewrite changed, to answer in the device's own terms. */
interface Renames {
  /** The device's idempotency key, by the fresh key it was sent under. */
  readonly keys: Map<string, string>;
  /** The device's order id, by the fresh id an order stored again got. */
  readonly orderIds: Map<string, string>;
}

export async function ingestWithoutIdempotency(
  deps: IngestDependencies,
  device: AuthenticatedDevice,
  request: PushRequest,
  storePush: StorePush,
): Promise<PushResponse> {
  const stored = await findOrders(
    deps.db,
    request.items.flatMap((item) => (item.kind === 'order.place' ? [item.payload.orderId] : [])),
  );
  const storedHere = (orderId: string) => {
    const order = stored.get(orderId);
    return order?.deviceId === device.deviceId && order.eventId === device.eventId;
  };
  const renames: Renames = { keys: new Map(), orderIds: new Map() };
  // One rewrite per key: items repeated under one key stay one item, as normally.
  const rewritten = new Map<string, WorkItem>();
  const items = request.items.map((item) => {
    const earlier = rewritten.get(item.idempotencyKey);
    if (earlier) return earlier;
    const fresh = rewrite(item, deps.newId, storedHere, renames);
    rewritten.set(item.idempotencyKey, fresh);
    return fresh;
  });
  const response = await storePush(deps, device, { ...request, items });
  return { ...response, results: response.results.map((result) => renameBack(result, renames)) };
}

function rewrite(
  item: WorkItem,
  newId: () => string,
  storedHere: (orderId: string) => boolean,
  renames: Renames,
): WorkItem {
  const idempotencyKey = newId();
  renames.keys.set(idempotencyKey, item.idempotencyKey);
  if (item.kind !== 'order.place' || !storedHere(item.payload.orderId)) {
    return { ...item, idempotencyKey };
  }
  const orderId = newId();
  renames.orderIds.set(orderId, item.payload.orderId);
  return { ...item, idempotencyKey, payload: { ...item.payload, orderId } };
}

function renameBack(result: ItemResult, renames: Renames): ItemResult {
  const idempotencyKey = renames.keys.get(result.idempotencyKey);
  if (idempotencyKey === undefined) {
    throw new Error(`Invariant violated: answer for key ${result.idempotencyKey} never sent`);
  }
  if (!('order' in result)) return { ...result, idempotencyKey };
  const orderId = renames.orderIds.get(result.order.orderId) ?? result.order.orderId;
  return { ...result, idempotencyKey, order: { ...result.order, orderId } };
}
