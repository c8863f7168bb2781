import type { SyncTransport } from '../../src/index.ts';

/**
 * Wraps a transport so that the orders named in `poisoned` reach the server
 * malformed (their total one cent off), the same way on every retry, as a
 * buggy app build would send them. The server refuses them with
 * `order.total_mismatch`.
 */
export function poisoningTransport(
  inner: SyncTransport,
  poisoned: ReadonlySet<string>,
): SyncTransport {
  return {
    pull: (query, signal) => inner.pull(query, signal),
    push: (request, signal) =>
      inner.push(
        {
          ...request,
          items: request.items.map((item) =>
            poisoned.has(item.payload.orderId)
              ? { ...item, payload: { ...item.payload, totalCents: item.payload.totalCents + 1 } }
              : item,
          ),
        },
        signal,
      ),
  };
}
