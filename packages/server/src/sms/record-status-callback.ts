import type { SqlClient } from '@tabline/database';

/**
 * Message statuses Twilio reports, in the order a message goes through them.
 * The final ones share a rank: the first to arrive stays.
 */
const DELIVERY_RANK: Readonly<Record<string, number>> = {
  accepted: 1,
  scheduled: 1,
  queued: 2,
  sending: 3,
  sent: 4,
  delivered: 5,
  undelivered: 5,
  failed: 5,
  read: 5,
  canceled: 5,
};

export interface StatusCallback {
  readonly smsId: string;
  readonly messageSid: string;
  readonly messageStatus: string;
}

/**
 * A status callback proves the provider has the message: one still
 * `pending`, `sending` or `unknown` here (its answer was lost, or the worker
 * died before recording it) is settled as `sent` with the provider's id, so
 * it is never sent again. Its delivery status only moves forward (callbacks
 * can arrive out of order). Returns false for a message never recorded.
 */
export async function recordStatusCallback(db: SqlClient, callback: StatusCallback) {
  const rank = DELIVERY_RANK[callback.messageStatus] ?? 0;
  const { rowCount } = await db.query(
    `update sms_messages set
       status = case when status in ('pending', 'sending', 'unknown') then 'sent' else status end,
       sent_at = case when status in ('pending', 'sending', 'unknown') then now() else sent_at end,
       provider_sid = coalesce(provider_sid, $2),
       delivery_status = case
         when $4::int > coalesce(($5::jsonb ->> delivery_status)::int, 0) then $3
         else delivery_status end,
       updated_at = now()
     where id = $1`,
    [
      callback.smsId,
      callback.messageSid,
      callback.messageStatus,
      rank,
      JSON.stringify(DELIVERY_RANK),
    ],
  );
  return rowCount === 1;
}
