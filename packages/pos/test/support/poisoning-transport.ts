import type { WorkItem } from '@tabline/protocol';
import type { SyncTransport } from '../../src/index.ts';

/**
 * Wraps a transport so that the work items named in `poisoned` reach the
 * server malformed, the same way on every retry, as a buggy app build would
 * send them: an order (named by its order id) with its total one cent off,
 * which the server refuses with `order.total_mismatch`; a void or a refund
 * (named by its adjustment id) with a reason other than the one the manager
 * approved, which the server refuses with `approval.invalid`.
 */
export function poisoningTransport(
  inner: SyncTransport,
  poisoned: ReadonlySet<string>,
): SyncTransport {
  return {
    pull: (query, signal) => inner.pull(query, signal),
    push: (request, signal) =>
      inner.push(
        { ...request, items: request.items.map((item) => poison(item, poisoned)) },
        signal,
      ),
  };
}

function poison(item: WorkItem, poisoned: ReadonlySet<string>): WorkItem {
  switch (item.kind) {
    case 'order.place':
      return poisoned.has(item.payload.orderId)
        ? { ...item, payload: { ...item.payload, totalCents: item.payload.totalCents + 1 } }
        : item;
    case 'order.adjust':
      return poisoned.has(item.payload.adjustmentId)
        ? { ...item, payload: { ...item.payload, reason: `${item.payload.reason} (altered)` } }
        : item;
  }
}
