import type { Result } from '@tabline/domain';
import { err, ok } from '@tabline/domain';
import { PushResponse } from '@tabline/protocol';
import type { ItemResult } from '@tabline/protocol';
import { describeSchemaMismatch } from '../describe-schema-mismatch.ts';
import type { PushCandidate } from '../store/read-push-candidates.ts';
import type { TransportFailure } from '../sync-transport.ts';
import { matchesSchema } from '../check-schema.ts';

/**
 * Checks a push answer before anything is deleted on its word: it must match
 * the schema and hold one result per item sent, in order, with the same
 * idempotency keys, and an accepted order must be the order sent. The
 * transport is an interface, so the engine trusts no implementation of it.
 */
export function checkPushResponse(
  batch: readonly PushCandidate[],
  response: unknown,
): Result<ItemResult[], TransportFailure> {
  if (!matchesSchema(PushResponse, response)) {
    return invalid(
      `The push answer does not match the protocol: ${describeSchemaMismatch(PushResponse, response)}`,
    );
  }
  const { results } = response;
  if (results.length !== batch.length) {
    return invalid(`The push answer has ${results.length} results for ${batch.length} items.`);
  }
  const mismatch = batch.findIndex((candidate, index) => !answers(candidate, results[index]!));
  if (mismatch >= 0) {
    return invalid(`Result ${mismatch} of the push answer is not about the item sent there.`);
  }
  return ok(results);
}

function answers(candidate: PushCandidate, result: ItemResult): boolean {
  if (result.idempotencyKey !== candidate.idempotencyKey) return false;
  return result.outcome !== 'accepted' || result.order.orderId === candidate.orderId;
}

function invalid(message: string): Result<never, TransportFailure> {
  return err({ kind: 'invalid-response', message });
}
