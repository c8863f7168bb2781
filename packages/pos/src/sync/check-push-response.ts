import type { Result } from '@tabline/domain';
import { err, ok } from '@tabline/domain';
import { PushResponse } from '@tabline/protocol';
import type { ItemResult, WorkItem } from '@tabline/protocol';
import { assertNever } from '../assert-never.ts';
import { describeSchemaMismatch } from '../describe-schema-mismatch.ts';
import type { TransportFailure } from '../sync-transport.ts';
import { matchesSchema } from '../check-schema.ts';

/**
 * Checks a push answer before anything is deleted on its word: it must match
 * the schema and hold one result per item sent, in order, with the same
 * idempotency keys, and an accepted result must be about the item sent: the
 * same order for an order, the same void or refund (id, order, kind, and a
 * refund's amount) for an adjustment. The transport is an interface, so the
 * engine trusts no implementation of it.
 */
export function checkPushResponse(
  items: readonly WorkItem[],
  response: unknown,
): Result<ItemResult[], TransportFailure> {
  if (!matchesSchema(PushResponse, response)) {
    return invalid(
      `The push answer does not match the protocol: ${describeSchemaMismatch(PushResponse, response)}`,
    );
  }
  const { results } = response;
  if (results.length !== items.length) {
    return invalid(`The push answer has ${results.length} results for ${items.length} items.`);
  }
  const mismatch = items.findIndex((item, index) => !answers(item, results[index]!));
  if (mismatch >= 0) {
    return invalid(`Result ${mismatch} of the push answer is not about the item sent there.`);
  }
  return ok(results);
}

function answers(item: WorkItem, result: ItemResult): boolean {
  if (result.idempotencyKey !== item.idempotencyKey) return false;
  if (result.outcome !== 'accepted') return true;
  switch (item.kind) {
    case 'order.place':
      return 'order' in result && result.order.orderId === item.payload.orderId;
    case 'order.adjust': {
      if (!('adjustment' in result)) return false;
      const { adjustment } = result;
      const asked = item.payload;
      return (
        adjustment.adjustmentId === asked.adjustmentId &&
        adjustment.orderId === asked.orderId &&
        adjustment.kind === asked.kind &&
        (asked.kind === 'void' || adjustment.amountCents === asked.amountCents)
      );
    }
    default:
      return assertNever(item, 'work item kind');
  }
}

function invalid(message: string): Result<never, TransportFailure> {
  return err({ kind: 'invalid-response', message });
}
