import type { QueuedRecord } from '../../src/index.ts';

/** A queued journal record for seq `seq`, its payload with a line break and quotes to escape. */
export const queuedRecord = (seq: number): QueuedRecord => ({
  type: 'queued',
  seq,
  idempotencyKey: `key-${seq}`,
  kind: 'order.place',
  orderId: `order-${seq}`,
  amountCents: 650 * seq,
  createdAt: 1_000 + seq,
  commitSeq: seq,
  payload: JSON.stringify({ kind: 'order.place', deviceSeq: seq, note: 'line\nbreak "quoted"' }),
});
