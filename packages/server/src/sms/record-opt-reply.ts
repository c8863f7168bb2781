import type { SqlClient } from '@tabline/database';
import { readOptOutKeyword } from './opt-out-keywords.ts';

export type OptReply = 'opted-out' | 'opted-in' | 'ignored';

/**
 * An attendee's reply. A reply of one opt-out keyword (any case, spaces
 * around it ignored, as Twilio matches them) records the number as opted out,
 * and no receipt goes to it until it replies with an opt-in keyword. Twilio
 * itself answers the keyword and blocks sends too; keeping our own list means
 * receipts to the number are skipped, not sent and refused.
 */
export async function recordOptReply(db: SqlClient, from: string, body: string): Promise<OptReply> {
  const change = readOptOutKeyword(body);
  if (change === 'opt-out') {
    await db.query(
      `insert into sms_opt_outs (phone, source) values ($1, 'reply') on conflict (phone) do nothing`,
      [from],
    );
    return 'opted-out';
  }
  if (change === 'opt-in') {
    await db.query('delete from sms_opt_outs where phone = $1', [from]);
    return 'opted-in';
  }
  return 'ignored';
}
