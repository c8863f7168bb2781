import type { Result } from '@tabline/domain';
import { err, ok } from '@tabline/domain';
import { PULL_PAGE_RECORDS_MAX, PullResponse } from '@tabline/protocol';
import { describeSchemaMismatch } from '../describe-schema-mismatch.ts';
import type { TransportFailure } from '../sync-transport.ts';
import { matchesSchema } from '../check-schema.ts';

/**
 * Checks a pull page before it is kept: it must match the schema, hold no
 * more records than a page may, list each approving manager once, carry a
 * cursor that fits in an order's catalog version (a safe integer), and move
 * forward if it says there is more.
 */
export function checkPullPage(
  page: unknown,
  previousCursor: string | null,
): Result<PullResponse, TransportFailure> {
  if (!matchesSchema(PullResponse, page)) {
    return invalid(
      `The pull page does not match the protocol: ${describeSchemaMismatch(PullResponse, page)}`,
    );
  }
  const records =
    page.categories.length + page.products.length + page.promotions.length + page.wristbands.length;
  if (records > PULL_PAGE_RECORDS_MAX) {
    return invalid(`The pull page holds ${records} records, more than ${PULL_PAGE_RECORDS_MAX}.`);
  }
  const approvers = new Set(page.approvers.map((approver) => approver.staffUserId));
  if (approvers.size !== page.approvers.length) {
    return invalid('The pull page lists a manager twice among the approvers.');
  }
  if (!Number.isSafeInteger(Number(page.cursor))) {
    return invalid(`The pull cursor ${page.cursor} is beyond a safe integer.`);
  }
  if (page.hasMore && page.cursor === previousCursor) {
    return invalid('The pull page says there is more but its cursor did not move.');
  }
  return ok(page);
}

function invalid(message: string): Result<never, TransportFailure> {
  return err({ kind: 'invalid-response', message });
}
