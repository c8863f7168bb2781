import type { AcceptedOrder, ItemResult } from '@tabline/protocol';
import type { Failure } from '@tabline/domain';

/**
 * The outcome of a work item as stored under its idempotency key. The key and
 * the `replayed` mark are added when it is answered, so a replay returns
 * exactly what the first answer said.
 */
export type StoredResult =
  | { readonly outcome: 'accepted'; readonly order: AcceptedOrder }
  | { readonly outcome: 'rejected'; readonly error: Failure };

export function toItemResult(key: string, stored: StoredResult, replayed: boolean): ItemResult {
  return stored.outcome === 'accepted'
    ? { idempotencyKey: key, outcome: 'accepted', replayed, order: stored.order }
    : { idempotencyKey: key, outcome: 'rejected', replayed, error: stored.error };
}
