import { expect } from 'vitest';
import type { SqlClient } from '@tabline/database';
import type { RecordedMessage } from '@tabline/testkit';

export interface ReceiptRow {
  readonly id: string;
  readonly orderId: string;
  readonly status: string;
  readonly body: string;
  readonly providerSid: string | null;
  readonly attempts: number;
}

export async function readReceipts(db: SqlClient, eventId: string): Promise<ReceiptRow[]> {
  const { rows } = await db.query<ReceiptRow>(
    `select id, order_id as "orderId", status, body, provider_sid as "providerSid", attempts
     from sms_messages where event_id = $1 and purpose = 'receipt'`,
    [eventId],
  );
  return rows;
}

/**
 * The provider holds each receipt at most once (no text sent twice), each
 * `sent` receipt exactly once under the id recorded for it (none missing),
 * and nothing that is not one of the event's receipts.
 */
export function expectReceiptsOnce(
  receipts: readonly ReceiptRow[],
  messages: readonly RecordedMessage[],
): void {
  const byBody = new Map<string, RecordedMessage[]>();
  for (const message of messages) {
    byBody.set(message.body ?? '', [...(byBody.get(message.body ?? '') ?? []), message]);
  }
  const duplicated = [...byBody].filter(([, same]) => same.length > 1).map(([body]) => body);
  expect(duplicated, 'receipts the provider holds more than once').toEqual([]);
  const bodies = new Set(receipts.map((receipt) => receipt.body));
  const strangers = [...byBody.keys()].filter((body) => !bodies.has(body));
  expect(strangers, 'texts at the provider that are no receipt of the event').toEqual([]);
  const missing = receipts
    .filter((receipt) => receipt.status === 'sent')
    .filter((receipt) => byBody.get(receipt.body)?.[0]?.sid !== receipt.providerSid)
    .map((receipt) => ({ ...receipt, atProvider: byBody.get(receipt.body) ?? [] }));
  expect(missing, 'sent receipts the provider does not hold under their id').toEqual([]);
}
