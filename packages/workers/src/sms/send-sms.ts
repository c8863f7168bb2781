import type { SqlClient } from '@tabline/database';
import type { Logger } from '@tabline/domain';
import type { SmsProvider, SmsSendOutcome } from './sms-provider.ts';

export interface SendSmsDependencies {
  readonly db: SqlClient;
  readonly provider: SmsProvider;
  readonly logger: Logger;
}

/** Thrown to have the queue retry the job later, with backoff. */
export class SmsRetryLater extends Error {
  override readonly name = 'SmsRetryLater';
}

export type SendSmsOutcome = SmsSendOutcome['kind'] | 'not-pending';

/**
 * Sends one recorded text message, at most once. The message is claimed
 * (pending → sending) and that is committed BEFORE the provider is called, so
 * a crash during the call leaves it `sending`, never `pending`: it will not be
 * sent again blindly. After the call the outcome is recorded:
 *
 * - accepted → `sent`, with the provider's id;
 * - rejected (invalid number, unsubscribed) → `failed`, for good;
 * - throttled or not sent (the request never arrived) → `pending` again, and
 *   the job is retried with backoff;
 * - unknown (time-out, reset, 5xx: it may have been sent) → `unknown`, to be
 *   settled by the provider's records before anything is sent again.
 */
export async function sendSms(
  deps: SendSmsDependencies,
  smsId: string,
  signal: AbortSignal,
): Promise<SendSmsOutcome> {
  const claimed = await claim(deps.db, smsId);
  if (!claimed) return 'not-pending';
  const outcome = await deps.provider.send(claimed, signal);
  await record(deps.db, smsId, outcome);
  deps.logger.info({ smsId, outcome: outcome.kind }, 'sms send finished');
  if (outcome.kind === 'throttled' || outcome.kind === 'not-sent') {
    throw new SmsRetryLater(outcome.message);
  }
  return outcome.kind;
}

async function claim(db: SqlClient, smsId: string) {
  const { rows } = await db.query<{ to: string; body: string }>(
    `update sms_messages set status = 'sending', attempts = attempts + 1, updated_at = now()
     where id = $1 and status = 'pending'
     returning to_phone as "to", body`,
    [smsId],
  );
  return rows[0] ?? null;
}

async function record(db: SqlClient, smsId: string, outcome: SmsSendOutcome) {
  switch (outcome.kind) {
    case 'accepted':
      return update(db, smsId, 'sent', null, outcome.sid);
    case 'rejected':
      return update(db, smsId, 'failed', `${outcome.code}: ${outcome.message}`, null);
    case 'throttled':
    case 'not-sent':
      return update(db, smsId, 'pending', outcome.message, null);
    case 'unknown':
      return update(db, smsId, 'unknown', outcome.message, null);
    default: {
      const unreachable: never = outcome;
      throw new Error(`Unhandled outcome ${JSON.stringify(unreachable)}`);
    }
  }
}

async function update(
  db: SqlClient,
  smsId: string,
  status: 'sent' | 'failed' | 'pending' | 'unknown',
  lastError: string | null,
  providerSid: string | null,
) {
  await db.query(
    `update sms_messages set status = $2, last_error = $3,
       provider_sid = coalesce($4, provider_sid), updated_at = now()
     where id = $1 and status = 'sending'`,
    [smsId, status, lastError, providerSid],
  );
}
