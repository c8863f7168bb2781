import { preparedStatement } from '@tabline/database';
import type { SqlClient } from '@tabline/database';
import { RETRY_AFTER_SECONDS } from '../error-handler.ts';
import { ProblemError } from '../problem-error.ts';
import { heartbeatUpdateSql } from './record-heartbeat.ts';

export interface CatalogFacts {
  /** The products the batch names that exist, by id. */
  readonly products: ReadonlyMap<string, { readonly priceCents: number; readonly active: boolean }>;
  /** The event's catalog cursor now (the newest change of its catalog and promotions). */
  readonly cursor: number;
}

/**
 * The first statement of a push's transaction, which does three things so a
 * push pays one round trip for them:
 *
 * - It claims the batch's idempotency keys with transaction-scoped advisory
 *   locks, without waiting: a key another request of this device is storing
 *   right now is answered 409 with Retry-After (the client retries the same
 *   request, and then gets the stored result), never waited on nor stored
 *   twice. Keys are locked in sorted order; the locks go with the
 *   transaction.
 * - It reads what the server knows of the products the batch names and the
 *   event's catalog cursor, to flag stale orders.
 * - It records the device's heartbeat (`heartbeatUpdateSql`), once the keys
 *   are claimed: the update locks the device's row until the transaction
 *   ends, and a request whose keys are in flight must not wait for it.
 */
export async function claimKeysAndReadCatalog(
  tx: SqlClient,
  scope: { deviceId: string; eventId: string },
  keys: readonly string[],
  productIds: readonly string[],
  heartbeat: string,
): Promise<CatalogFacts> {
  const { rows } = await tx.query<{
    busy: number;
    cursor: number;
    products: [string, number, boolean][];
  }>(CLAIM_KEYS_READ_CATALOG, [
    scope.deviceId,
    [...keys],
    scope.eventId,
    [...productIds],
    heartbeat,
  ]);
  const row = rows[0]!;
  if (row.busy > 0) {
    throw new ProblemError(
      'idempotency.in_flight',
      'A request with the same idempotency key is still being processed; retry shortly.',
      { retryAfterSeconds: RETRY_AFTER_SECONDS },
    );
  }
  return {
    products: new Map(row.products.map(([id, priceCents, active]) => [id, { priceCents, active }])),
    cursor: row.cursor,
  };
}

const CLAIM_KEYS_READ_CATALOG = preparedStatement(
  'claim-keys-read-catalog',
  `with claim as materialized (
     select count(*) filter (where not pg_try_advisory_xact_lock(
              hashtextextended('idempotency:' || $1 || ':' || key, 0)))::int as busy
     from (select unnest($2::text[]) as key order by 1) as keys
   ), heartbeat as (
     ${heartbeatUpdateSql('$1::uuid', '$5')} and (select busy from claim) = 0
   )
   select
     (select busy from claim) as busy,
     greatest(
       coalesce((select max(sync_seq) from products where event_id = $3), 0),
       coalesce((select max(sync_seq) from categories where event_id = $3), 0),
       coalesce((select max(sync_seq) from promotions where event_id = $3), 0)) as cursor,
     (select coalesce(json_agg(json_build_array(p.id, p.price_cents, p.active)), '[]'::json)
      from products p where p.event_id = $3 and p.id = any($4::uuid[])) as products`,
);
