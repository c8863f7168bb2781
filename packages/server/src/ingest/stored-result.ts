import type { AcceptedAdjustment, AcceptedOrder, ItemResult } from '@tabline/protocol';
import type { Failure } from '@tabline/domain';

/**
 * The outcome of a work item as stored under its idempotency key. The key and
 * the `replayed` mark are added when it is answered, so a replay returns
 * exactly what the first answer said.
 */
export type StoredResult =
  | { readonly outcome: 'accepted'; readonly order: AcceptedOrder }
  | { readonly outcome: 'accepted'; readonly adjustment: AcceptedAdjustment }
  | { readonly outcome: 'rejected'; readonly error: Failure };

export function toItemResult(key: string, stored: StoredResult, replayed: boolean): ItemResult {
  if (stored.outcome === 'rejected') {
    return { idempotencyKey: key, outcome: 'rejected', replayed, error: stored.error };
  }
  return 'order' in stored
    ? { idempotencyKey: key, outcome: 'accepted', replayed, order: stored.order }
    : { idempotencyKey: key, outcome: 'accepted', replayed, adjustment: stored.adjustment };
}
