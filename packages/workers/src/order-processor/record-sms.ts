import type { SqlClient } from '@tabline/database';

export interface NewSms {
  readonly id: string;
  readonly eventId: string;
  readonly orderId: string;
  readonly purpose: 'receipt';
  readonly toPhone: string;
  readonly body: string;
}

/**
 * Records a text message to send, at most one per order and purpose. Returns
 * false when one was already recorded (the job ran before), so the caller
 * enqueues the send only once.
 */
export async function recordSms(tx: SqlClient, sms: NewSms): Promise<boolean> {
  const { rowCount } = await tx.query(
    `insert into sms_messages (id, event_id, order_id, purpose, to_phone, body, status)
     values ($1, $2, $3, $4, $5, $6, 'pending')
     on conflict (order_id, purpose) do nothing`,
    [sms.id, sms.eventId, sms.orderId, sms.purpose, sms.toPhone, sms.body],
  );
  return rowCount === 1;
}
