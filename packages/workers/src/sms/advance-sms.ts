import { SEND_SMS_QUEUE } from '@tabline/database';
import type { Database, JobQueue, SendSmsJob, SqlClient } from '@tabline/database';
import type { Logger, Random } from '@tabline/domain';
import type { GuardedSmsProvider } from './guard-sms-provider.ts';
import { backoffMs, circuitOpenMs, overGlobalCapMs, throttledMs } from './sms-delays.ts';
import { UNSUBSCRIBED_RECIPIENT_CODE } from './sms-provider.ts';
import type { SmsSendOutcome } from './sms-provider.ts';
import type { SmsSettings } from './sms-settings.ts';

export interface SmsSender {
  readonly db: Database;
  readonly jobs: JobQueue;
  readonly provider: GuardedSmsProvider;
  readonly settings: SmsSettings;
  readonly random: Random;
  readonly logger: Logger;
  /** The status callback URL of a message, or null when the provider cannot reach us. */
  readonly statusCallbackUrl: ((smsId: string) => string) | null;
}

/** What one step did; the message's state is in the database. */
export type AdvanceSmsOutcome =
  'sent' | 'failed' | 'skipped' | 'unknown' | 'put-off' | 'nothing-to-do';

/** Twilio's ValidityPeriod range: a message is kept queued at least 1 s, at most 10 h. */
const VALIDITY_PERIOD_SECONDS_MIN = 1;
const VALIDITY_PERIOD_SECONDS_MAX = 36_000;

/**
 * A receipt is expired once less than the shortest ValidityPeriod is left of
 * its lifetime: the provider could no longer be told to drop it in time.
 */
const isExpired = (settings: SmsSettings, ageMs: number): boolean =>
  settings.lifetimeMs - ageMs < VALIDITY_PERIOD_SECONDS_MIN * 1000;

/**
 * How long the provider may keep trying: the whole seconds left of the
 * receipt's lifetime, rounded down, so that it is never delivered late.
 */
const validityPeriodSeconds = (settings: SmsSettings, ageMs: number): number =>
  Math.min(Math.floor((settings.lifetimeMs - ageMs) / 1000), VALIDITY_PERIOD_SECONDS_MAX);

interface SmsRow {
  readonly status: 'pending' | 'sending' | 'sent' | 'unknown' | 'failed' | 'skipped';
  readonly to: string;
  readonly body: string;
  readonly attempts: number;
  /** Milliseconds since the current claim, by the database's clock; null if never claimed. */
  readonly sinceClaimMs: number | null;
  readonly claimedAtMs: number | null;
  /** Milliseconds since the message was recorded. */
  readonly ageMs: number;
}

/**
 * Moves one text message on, at most once per order and purpose, whatever
 * fails. Every step reads the message's state and acts on it, so a job that
 * runs twice, late or after a crash does no harm:
 *
 * - `pending`: skipped if the attendee opted out, the phone's cap is reached
 *   or the receipt is too old to be of use; put off while the circuit is open
 *   or the global cap is reached; otherwise claimed (pending → sending,
 *   committed before the call) and sent. The outcome is recorded only if the
 *   claim is still the current one: `sent` with the provider's id; `failed`
 *   for good on a permanent refusal (an unsubscribed number is also recorded
 *   as opted out); back to `pending`, put off with jittered backoff (honouring
 *   `Retry-After`), when it certainly did not go out; `unknown` when it may
 *   have (a time-out, a reset, a 5xx).
 * - `unknown`, or `sending` for longer than a call can last (the worker died
 *   during the call): after `settleAfterMs` (the status callback usually
 *   settles it first), the provider's messages are searched. Found → `sent`.
 *   Not there → `pending`, and sent again at once: that is the only resend,
 *   and it happens only once the provider has said it does not have it.
 * - `sent`, `failed`, `skipped`: final.
 */
export async function advanceSms(
  sender: SmsSender,
  job: SendSmsJob,
  signal: AbortSignal,
): Promise<AdvanceSmsOutcome> {
  const row = await readSms(sender.db, job.smsId);
  if (!row) return 'nothing-to-do';
  const retry = job.retry ?? 0;
  switch (row.status) {
    case 'pending':
      return sendPending(sender, job.smsId, row, retry, signal);
    case 'unknown':
    case 'sending':
      return settle(sender, job.smsId, row, retry, signal);
    case 'sent':
    case 'failed':
    case 'skipped':
      return 'nothing-to-do';
    default: {
      const unreachable: never = row.status;
      throw new Error(`Unhandled SMS status ${String(unreachable)}`);
    }
  }
}

async function readSms(db: SqlClient, smsId: string): Promise<SmsRow | null> {
  const { rows } = await db.query<SmsRow>(
    `select status, to_phone as "to", body, attempts,
            (extract(epoch from now() - claimed_at) * 1000)::float8 as "sinceClaimMs",
            (extract(epoch from claimed_at) * 1000)::float8 as "claimedAtMs",
            (extract(epoch from now() - created_at) * 1000)::float8 as "ageMs"
     from sms_messages where id = $1`,
    [smsId],
  );
  return rows[0] ?? null;
}

async function sendPending(
  sender: SmsSender,
  smsId: string,
  row: SmsRow,
  retry: number,
  signal: AbortSignal,
): Promise<AdvanceSmsOutcome> {
  const { settings } = sender;
  if (isExpired(settings, row.ageMs)) return skip(sender.db, smsId, 'sms.expired');
  if (!sender.provider.accepting()) {
    return putOff(sender, smsId, retry, circuitOpenMs(settings, sender.random));
  }
  const claim = await claimPending(sender, smsId);
  if (claim.kind === 'gone') return 'nothing-to-do';
  if (claim.kind === 'skipped') return 'skipped';
  if (claim.kind === 'over-global-cap') {
    return putOff(sender, smsId, retry, overGlobalCapMs(sender.random));
  }
  const outcome = await sender.provider.send(
    {
      to: row.to,
      body: row.body,
      statusCallbackUrl: sender.statusCallbackUrl?.(smsId) ?? null,
      validityPeriodSeconds: claim.validityPeriodSeconds,
    },
    signal,
  );
  sender.logger.info({ smsId, outcome: outcome.kind }, 'sms send finished');
  return recordOutcome(sender, smsId, claim.attempt, row.to, outcome, retry);
}

type Claim =
  | { readonly kind: 'claimed'; readonly attempt: number; readonly validityPeriodSeconds: number }
  | { readonly kind: 'skipped' }
  | { readonly kind: 'over-global-cap' }
  | { readonly kind: 'gone' };

/**
 * In one transaction, under the message's row lock: the opt-out list, the
 * lifetime and the caps are checked and the claim is made. The validity
 * period is what is left of the lifetime at the claim (`claimed_at`), by the
 * database's clock like the age it is measured against. Two workers claiming
 * for the same phone at the same moment can each pass its cap, so a cap
 * holds to within the number of sends in flight.
 */
async function claimPending(sender: SmsSender, smsId: string): Promise<Claim> {
  const { settings } = sender;
  return sender.db.transaction(async (tx): Promise<Claim> => {
    const { rows } = await tx.query<{
      to: string;
      optedOut: boolean;
      ageMs: number;
      phoneRecent: number;
      globalRecent: number;
    }>(
      `select m.to_phone as "to",
              (extract(epoch from now() - m.created_at) * 1000)::float8 as "ageMs",
              exists (select 1 from sms_opt_outs o where o.phone = m.to_phone) as "optedOut",
              (select count(*) from sms_messages p
               where p.to_phone = m.to_phone and p.id <> m.id
                 and p.claimed_at > now() - interval '1 hour'
                 and p.status in ('sending', 'sent', 'unknown'))::int4 as "phoneRecent",
              (select count(*) from sms_messages g
               where g.claimed_at > now() - interval '1 minute')::int4 as "globalRecent"
       from sms_messages m where m.id = $1 and m.status = 'pending' for update of m`,
      [smsId],
    );
    const row = rows[0];
    if (!row) return { kind: 'gone' };
    if (row.optedOut) {
      await markSkipped(tx, smsId, 'sms.opted_out');
      return { kind: 'skipped' };
    }
    if (isExpired(settings, row.ageMs)) {
      await markSkipped(tx, smsId, 'sms.expired');
      return { kind: 'skipped' };
    }
    if (row.phoneRecent >= settings.perPhonePerHour) {
      await markSkipped(tx, smsId, 'sms.phone_cap');
      return { kind: 'skipped' };
    }
    if (row.globalRecent >= settings.globalPerMinute) return { kind: 'over-global-cap' };
    const claimed = await tx.query<{ attempts: number }>(
      `update sms_messages set status = 'sending', attempts = attempts + 1,
         claimed_at = now(), updated_at = now()
       where id = $1 returning attempts`,
      [smsId],
    );
    return {
      kind: 'claimed',
      attempt: claimed.rows[0]!.attempts,
      validityPeriodSeconds: validityPeriodSeconds(settings, row.ageMs),
    };
  });
}

async function recordOutcome(
  sender: SmsSender,
  smsId: string,
  attempt: number,
  to: string,
  outcome: SmsSendOutcome,
  retry: number,
): Promise<AdvanceSmsOutcome> {
  const { settings, random } = sender;
  switch (outcome.kind) {
    case 'accepted':
      return (await markSent(sender.db, smsId, attempt, outcome.sid, ['sending']))
        ? 'sent'
        : 'nothing-to-do';
    case 'rejected':
      return sender.db.transaction(async (tx) => {
        const failed = await tx.query(
          `update sms_messages set status = 'failed', failure_code = $3, last_error = $4,
             updated_at = now()
           where id = $1 and status = 'sending' and attempts = $2`,
          [smsId, attempt, outcome.code, outcome.message],
        );
        if (outcome.code === UNSUBSCRIBED_RECIPIENT_CODE) {
          await tx.query(
            `insert into sms_opt_outs (phone, source) values ($1, 'provider')
             on conflict (phone) do nothing`,
            [to],
          );
        }
        return failed.rowCount === 1 ? 'failed' : 'nothing-to-do';
      });
    case 'throttled':
      return backToPending(
        sender,
        smsId,
        attempt,
        outcome.message,
        retry,
        throttledMs(settings, random, retry, outcome.retryAfterMs),
      );
    case 'not-sent':
      return backToPending(
        sender,
        smsId,
        attempt,
        outcome.message,
        retry,
        sender.provider.accepting()
          ? backoffMs(settings, random, retry)
          : circuitOpenMs(settings, random),
      );
    case 'unknown':
      return sender.db.transaction(async (tx) => {
        const marked = await tx.query(
          `update sms_messages set status = 'unknown', last_error = $3, updated_at = now()
           where id = $1 and status = 'sending' and attempts = $2`,
          [smsId, attempt, outcome.message],
        );
        if (marked.rowCount !== 1) return 'nothing-to-do';
        await enqueueLater(sender, tx, { smsId, retry: 0 }, settings.settleAfterMs);
        return 'unknown';
      });
    default: {
      const unreachable: never = outcome;
      throw new Error(`Unhandled outcome ${JSON.stringify(unreachable)}`);
    }
  }
}

/**
 * A message that is `unknown`, or `sending` past any call's end, is looked
 * for at the provider once `settleAfterMs` has passed since its claim.
 */
async function settle(
  sender: SmsSender,
  smsId: string,
  row: SmsRow,
  retry: number,
  signal: AbortSignal,
): Promise<AdvanceSmsOutcome> {
  const { settings, random } = sender;
  const waitMs = settings.settleAfterMs - (row.sinceClaimMs ?? 0);
  if (waitMs > 0) return putOff(sender, smsId, retry, waitMs, false);
  if (!sender.provider.accepting()) {
    return putOff(sender, smsId, retry, circuitOpenMs(settings, random));
  }
  const found = await sender.provider.find(
    { to: row.to, body: row.body, createdAfter: row.claimedAtMs ?? 0 },
    signal,
  );
  sender.logger.info({ smsId, outcome: found.kind }, 'sms search finished');
  if (found.kind === 'found') {
    const sent = await markSent(sender.db, smsId, row.attempts, found.sid, ['sending', 'unknown']);
    return sent ? 'sent' : 'nothing-to-do';
  }
  if (found.kind === 'unavailable') {
    const delay = sender.provider.accepting()
      ? backoffMs(settings, random, retry)
      : circuitOpenMs(settings, random);
    return putOff(sender, smsId, retry, delay);
  }
  // The provider does not have it: it was never sent, so send it now.
  const { rowCount } = await sender.db.query(
    `update sms_messages set status = 'pending', updated_at = now()
     where id = $1 and status in ('sending', 'unknown') and attempts = $2`,
    [smsId, row.attempts],
  );
  if (rowCount !== 1) return 'nothing-to-do';
  const pending = await readSms(sender.db, smsId);
  return pending?.status === 'pending'
    ? sendPending(sender, smsId, pending, retry, signal)
    : 'nothing-to-do';
}

async function markSent(
  db: SqlClient,
  smsId: string,
  attempt: number,
  sid: string,
  from: readonly string[],
): Promise<boolean> {
  const { rowCount } = await db.query(
    `update sms_messages set status = 'sent', provider_sid = $3, sent_at = coalesce(sent_at, now()),
       last_error = null, updated_at = now()
     where id = $1 and status = any($4::text[]) and attempts = $2`,
    [smsId, attempt, sid, from],
  );
  return rowCount === 1;
}

async function skip(db: SqlClient, smsId: string, code: string): Promise<AdvanceSmsOutcome> {
  return (await markSkipped(db, smsId, code)) ? 'skipped' : 'nothing-to-do';
}

async function markSkipped(db: SqlClient, smsId: string, code: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `update sms_messages set status = 'skipped', failure_code = $2, updated_at = now()
     where id = $1 and status = 'pending'`,
    [smsId, code],
  );
  return rowCount === 1;
}

async function backToPending(
  sender: SmsSender,
  smsId: string,
  attempt: number,
  message: string,
  retry: number,
  delayMs: number,
): Promise<AdvanceSmsOutcome> {
  return sender.db.transaction(async (tx) => {
    const { rowCount } = await tx.query(
      `update sms_messages set status = 'pending', last_error = $3, updated_at = now()
       where id = $1 and status = 'sending' and attempts = $2`,
      [smsId, attempt, message],
    );
    if (rowCount !== 1) return 'nothing-to-do';
    await enqueueLater(sender, tx, { smsId, retry: retry + 1 }, delayMs);
    return 'put-off';
  });
}

/** A new job for the message, delayed; `count` false when the wait is not a failure. */
async function putOff(
  sender: SmsSender,
  smsId: string,
  retry: number,
  delayMs: number,
  count = true,
): Promise<AdvanceSmsOutcome> {
  await sender.db.transaction((tx) =>
    enqueueLater(sender, tx, { smsId, retry: count ? retry + 1 : retry }, delayMs),
  );
  return 'put-off';
}

async function enqueueLater(
  sender: SmsSender,
  tx: Parameters<JobQueue['enqueue']>[0],
  job: SendSmsJob,
  delayMs: number,
) {
  await sender.jobs.enqueue(tx, SEND_SMS_QUEUE, [job], {
    startAfterSeconds: Math.max(delayMs, 0) / 1000,
  });
}
