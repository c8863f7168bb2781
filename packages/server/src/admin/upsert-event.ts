import type { SqlClient } from '@tabline/database';

export interface EventInput {
  readonly id: string;
  readonly organisationId: string;
  readonly name: string;
  readonly currency: string;
  readonly timeZone: string;
  /** Per wristband per device while orders are unconfirmed (default 150.00). */
  readonly offlineSpendingLimitCents?: number;
  /** Out of touch this long, a device warns its staff (default 30 minutes). */
  readonly offlineWarningSeconds?: number;
}

/** Creates or renames an event. Its currency never changes once set. */
export async function upsertEvent(db: SqlClient, event: EventInput) {
  await db.query(
    `insert into events (id, organisation_id, name, currency, time_zone,
                         offline_spending_limit_cents, offline_warning_seconds)
     values ($1, $2, $3, $4, $5, coalesce($6::bigint, 15000), coalesce($7::integer, 1800))
     on conflict (id) do update set name = excluded.name, time_zone = excluded.time_zone,
       offline_spending_limit_cents = coalesce($6::bigint, events.offline_spending_limit_cents),
       offline_warning_seconds = coalesce($7::integer, events.offline_warning_seconds)
     where events.organisation_id = excluded.organisation_id`,
    [
      event.id,
      event.organisationId,
      event.name,
      event.currency,
      event.timeZone,
      event.offlineSpendingLimitCents ?? null,
      event.offlineWarningSeconds ?? null,
    ],
  );
}
