import Type from 'typebox';
import type { Static } from 'typebox';
import { PUSH_ITEMS_MAX } from './limits.ts';
import { AcceptedAdjustment } from './adjustment.ts';
import { Heartbeat } from './heartbeat.ts';
import { ErrorBody, Id, Timestamp } from './schema-parts.ts';
import { WorkItem } from './work-item.ts';

export const PUSH_PATH = '/v1/sync/push';

/**
 * A batch of work items, in the order the device queued them, with the
 * device's heartbeat. A push with no items and a heartbeat is how an idle
 * device reports in; a push with neither is refused.
 */
export const PushRequest = Type.Object(
  {
    items: Type.Array(WorkItem, { maxItems: PUSH_ITEMS_MAX }),
    heartbeat: Type.Optional(Heartbeat),
  },
  { additionalProperties: false },
);
export type PushRequest = Static<typeof PushRequest>;

/** What the server recorded for an accepted order. */
export const AcceptedOrder = Type.Object(
  {
    orderId: Id,
    receivedAt: Timestamp,
    flags: Type.Array(Type.String({ maxLength: 64 }), {
      description: 'Reasons the order was kept but flagged for review.',
    }),
  },
  { additionalProperties: false },
);
export type AcceptedOrder = Static<typeof AcceptedOrder>;

/**
 * The outcome of one work item. `accepted` and `rejected` are both final and
 * both stored under the item's idempotency key; `replayed` says this answer
 * is the stored one, from an earlier push of the same item.
 */
export const ItemResult = Type.Union([
  Type.Object(
    {
      idempotencyKey: Id,
      outcome: Type.Literal('accepted'),
      replayed: Type.Boolean(),
      order: AcceptedOrder,
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      idempotencyKey: Id,
      outcome: Type.Literal('accepted'),
      replayed: Type.Boolean(),
      adjustment: AcceptedAdjustment,
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      idempotencyKey: Id,
      outcome: Type.Literal('rejected'),
      replayed: Type.Boolean(),
      error: ErrorBody,
    },
    { additionalProperties: false },
  ),
]);
export type ItemResult = Static<typeof ItemResult>;

/** One result per pushed item, in the same order. */
export const PushResponse = Type.Object(
  { results: Type.Array(ItemResult), serverTime: Timestamp },
  { additionalProperties: false },
);
export type PushResponse = Static<typeof PushResponse>;
