import { randomUUID } from 'node:crypto';
import { expect, vi } from 'vitest';
import { SEND_SMS_QUEUE } from '@tabline/database';
import { PUSH_PATH } from '@tabline/protocol';
import type { PushResponse } from '@tabline/protocol';
import { upsertAttendee, upsertWristband } from '@tabline/server';
import { placeOrderItem } from '@tabline/testkit/place-order-item';
import type { SmsStackContext } from './use-sms-stack.ts';

/** How long a test waits for a text to reach a state before it fails. */
const SMS_WAIT_MS = 30_000;

export interface PhoneHolder {
  readonly phone: string;
  readonly wristbandUid: string;
}

/** A text message as the database holds it, with its times in epoch ms (database clock). */
export interface SmsRow {
  readonly id: string;
  readonly status: string;
  readonly toPhone: string;
  readonly providerSid: string | null;
  readonly deliveryStatus: string | null;
  readonly failureCode: string | null;
  readonly attempts: number;
  readonly createdAtMs: number;
  readonly claimedAtMs: number | null;
  readonly sentAtMs: number | null;
}

let holders = 0;

/**
 * A new attendee with a phone no other test uses, wearing a new band, so
 * that a test's texts, caps and opt-outs are its own.
 */
export async function addPhoneHolder(ctx: SmsStackContext): Promise<PhoneHolder> {
  holders += 1;
  const serial = String(holders).padStart(7, '0');
  const holder = { phone: `+1444${serial}`, wristbandUid: `SMS${serial}` };
  const attendeeId = randomUUID();
  const { eventId } = ctx.fixture;
  await upsertAttendee(ctx.test.database, {
    id: attendeeId,
    eventId,
    name: `Texted ${serial}`,
    phone: holder.phone,
    tier: 'standard',
  });
  await upsertWristband(ctx.test.database, {
    eventId,
    uid: holder.wristbandUid,
    attendeeId,
    status: 'active',
  });
  return holder;
}

/** Pushes one order per band in one push through the API, as a POS would; returns their ids. */
export async function placeOrders(
  ctx: SmsStackContext,
  wristbandUids: readonly string[],
): Promise<string[]> {
  const items = wristbandUids.map((wristbandUid) =>
    placeOrderItem(ctx.fixture, { wristbandUid, quantities: [1, 0, 0] }),
  );
  const response = await fetch(ctx.stack.url + PUSH_PATH, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${ctx.fixture.deviceToken}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ items }),
  });
  expect(response.status).toBe(200);
  const { results } = (await response.json()) as PushResponse;
  expect(results.map((result) => result.outcome)).toEqual(items.map(() => 'accepted'));
  return items.map((item) => item.payload.orderId);
}

/** Pushes one order for the band; returns its id. */
export async function placeOrder(ctx: SmsStackContext, wristbandUid: string): Promise<string> {
  const [orderId] = await placeOrders(ctx, [wristbandUid]);
  return orderId!;
}

/** The receipt of an order, once the order processor has recorded it. */
export async function receiptOf(ctx: SmsStackContext, orderId: string): Promise<string> {
  return vi.waitFor(
    async () => {
      const { rows } = await ctx.test.database.query<{ id: string }>(
        `select id from sms_messages where order_id = $1 and purpose = 'receipt'`,
        [orderId],
      );
      expect(rows).toHaveLength(1);
      return rows[0]!.id;
    },
    { timeout: SMS_WAIT_MS, interval: 50 },
  );
}

/** Places an order for the holder and returns its receipt's id. */
export async function orderWithReceipt(ctx: SmsStackContext, holder: PhoneHolder) {
  return receiptOf(ctx, await placeOrder(ctx, holder.wristbandUid));
}

/**
 * A receipt to `toPhone` for an order, recorded and enqueued as the order
 * processor does: for a number the processor would never take from an
 * attendee (the attendees table holds only well-formed numbers). With
 * `enqueue: false` no job is made: the text stays pending until a test moves it.
 */
export async function recordReceipt(
  ctx: SmsStackContext,
  orderId: string,
  toPhone: string,
  options: { enqueue?: boolean } = {},
): Promise<string> {
  const smsId = randomUUID();
  await ctx.test.database.transaction(async (tx) => {
    await tx.query(
      `insert into sms_messages (id, event_id, order_id, purpose, to_phone, body, status)
       values ($1, $2, $3, 'receipt', $4, $5, 'pending')`,
      [smsId, ctx.fixture.eventId, orderId, toPhone, `Receipt for order ${orderId}`],
    );
    if (options.enqueue !== false) await ctx.stack.jobs.enqueue(tx, SEND_SMS_QUEUE, [{ smsId }]);
  });
  return smsId;
}

export async function readSms(ctx: SmsStackContext, smsId: string): Promise<SmsRow> {
  const { rows } = await ctx.test.database.query<SmsRow>(
    `select id, status, to_phone as "toPhone", provider_sid as "providerSid",
            delivery_status as "deliveryStatus", failure_code as "failureCode", attempts,
            (extract(epoch from created_at) * 1000)::float8 as "createdAtMs",
            (extract(epoch from claimed_at) * 1000)::float8 as "claimedAtMs",
            (extract(epoch from sent_at) * 1000)::float8 as "sentAtMs"
     from sms_messages where id = $1`,
    [smsId],
  );
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

/** Resolves with the text once `done` holds for it; fails the test after SMS_WAIT_MS. */
export async function waitForSms(
  ctx: SmsStackContext,
  smsId: string,
  done: Partial<SmsRow>,
): Promise<SmsRow> {
  return vi.waitFor(
    async () => {
      const row = await readSms(ctx, smsId);
      expect(row).toMatchObject(done);
      return row;
    },
    { timeout: SMS_WAIT_MS, interval: 50 },
  );
}

/** Resolves once no job for the text is waiting, retrying or running: its steps are over. */
export async function waitForNoSmsJobs(ctx: SmsStackContext, smsId: string): Promise<void> {
  await vi.waitFor(
    async () => {
      const { rows } = await ctx.test.database.query<{ n: number }>(
        `select count(*)::int8 as n from pgboss.job
         where name = $1 and data->>'smsId' = $2 and state in ('created', 'retry', 'active')`,
        [SEND_SMS_QUEUE.name, smsId],
      );
      expect(rows[0]!.n).toBe(0);
    },
    { timeout: SMS_WAIT_MS, interval: 100 },
  );
}
