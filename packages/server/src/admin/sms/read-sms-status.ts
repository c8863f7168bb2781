import type { SqlClient } from '@tabline/database';
import { SMS_FAILURES_LISTED_MAX } from '@tabline/protocol';
import type { SmsCounts, SmsFailure, SmsProviderState, SmsStatus } from '@tabline/protocol';
import { isoTime } from '../iso-time.ts';

/**
 * How long a worker process's breaker report counts: one that died leaves
 * its row, and the breakers of live processes report every change (an open
 * one that keeps failing breaks again every `breakerHalfOpenAfterMs`, 30 s).
 */
export const SMS_BREAKER_REPORT_TTL_MS = 10 * 60_000;

/** A text's state as the dashboard counts it, from its columns. */
const STATE_SQL = `case
  when status = 'pending' then 'queued'
  when status = 'sending' then 'sending'
  when status = 'unknown' then 'unknown'
  when status = 'failed' then 'failed'
  when status = 'skipped' and failure_code = 'sms.opted_out' then 'optedOut'
  when status = 'skipped' then 'skipped'
  when delivery_status in ('delivered', 'read') then 'delivered'
  when delivery_status in ('undelivered', 'failed', 'canceled') then 'undelivered'
  else 'sent' end`;

const NO_TEXTS: SmsCounts = {
  queued: 0,
  sending: 0,
  sent: 0,
  delivered: 0,
  undelivered: 0,
  failed: 0,
  optedOut: 0,
  skipped: 0,
  unknown: 0,
};

/**
 * The event's texts by state (through `sms_messages (event_id, status)`,
 * the other columns it needs included), the provider's breaker as the
 * workers last reported it, and the latest failures (their own partial
 * index), each in one statement.
 */
export async function readSmsStatus(db: SqlClient, eventId: string): Promise<SmsStatus> {
  const counts = await db.query<{ state: keyof SmsCounts; n: number; asOf: Date }>(
    `select ${STATE_SQL} as state, count(*)::int8 as n, now() as "asOf"
     from sms_messages where event_id = $1 group by 1
     union all select null, 0, now()`,
    [eventId],
  );
  const failures = await db.query<Omit<SmsFailure, 'at'> & { at: Date }>(
    `select id as "smsId", order_id as "orderId",
            case when status = 'failed' then 'failed' else 'undelivered' end as state,
            case when status = 'failed' then failure_code else delivery_status end as "failureCode",
            left(last_error, 1000) as error, attempts, updated_at as at
     from sms_messages
     where event_id = $1
       and (status = 'failed' or delivery_status in ('undelivered', 'failed', 'canceled'))
     order by updated_at desc, id desc limit $2`,
    [eventId, SMS_FAILURES_LISTED_MAX],
  );
  const asOf = counts.rows.find((row) => row.state === null)!.asOf;
  return {
    asOf: isoTime(asOf),
    counts: countsOf(counts.rows),
    provider: await readProviderState(db),
    latestFailures: failures.rows.map((row) => ({ ...row, at: isoTime(row.at) })),
  };
}

function countsOf(rows: readonly { state: keyof SmsCounts | null; n: number }[]): SmsCounts {
  const counts = { ...NO_TEXTS };
  for (const row of rows) if (row.state !== null) counts[row.state] = row.n;
  return counts;
}

/**
 * The worst breaker reported recently: open (its wait not over) before
 * half-open (a trial call, or an open breaker whose wait is over and lets
 * the next call through) before closed.
 */
async function readProviderState(db: SqlClient): Promise<SmsProviderState> {
  const { rows } = await db.query<{
    breaker: SmsProviderState['breaker'];
    changedAt: Date;
    retryAt: Date | null;
  }>(
    `select case when state = 'open' and open_until > now() then 'open'
                 when state = 'closed' then 'closed' else 'half-open' end as breaker,
            changed_at as "changedAt",
            case when state = 'open' and open_until > now() then open_until end as "retryAt"
     from sms_breaker_states
     where changed_at > now() - make_interval(secs => $1::float8 / 1000)
     order by case when state = 'open' and open_until > now() then 0
                   when state = 'closed' then 2 else 1 end, changed_at desc
     limit 1`,
    [SMS_BREAKER_REPORT_TTL_MS],
  );
  const row = rows[0];
  if (!row) return { breaker: 'closed', changedAt: null, retryAt: null };
  return { breaker: row.breaker, changedAt: isoTime(row.changedAt), retryAt: isoTime(row.retryAt) };
}
