import Type from 'typebox';
import type { Static } from 'typebox';
import { ADJUSTMENT_REASON_LENGTH_MAX, ORDER_TOTAL_CENTS_MAX } from '@tabline/domain';
import { Cents, Id, Name, Timestamp } from './schema-parts.ts';

/**
 * Voids and refunds. An order is never changed or deleted: a void or a refund
 * is an *adjustment* beside it, and the tab's ledger gets a reversing entry.
 * A void takes back whatever is left of the order; a refund takes back an
 * amount. Together they never exceed the order's total. Only a manager (or
 * an owner) may approve one: on a POS with the manager's PIN (see
 * `manager-approval.ts` in the domain package), online with a manager's
 * session.
 */

export const AdjustmentReason = Type.String({
  minLength: 1,
  maxLength: ADJUSTMENT_REASON_LENGTH_MAX,
  description: 'Why, in the words of staff ("wrong drink", "spilled").',
});

/** A manager's approval made on a POS: who, with which PIN key, and the proof. */
export const ManagerApproval = Type.Object(
  {
    staffUserId: Id,
    pinKeyId: Id,
    proof: Type.String({
      pattern: '^[0-9a-f]{64}$',
      description: 'HMAC-SHA256, with the PIN key, of the approved fields (hex).',
    }),
  },
  { additionalProperties: false },
);
export type ManagerApproval = Static<typeof ManagerApproval>;

const adjustmentFields = {
  adjustmentId: Id,
  orderId: Id,
  reason: AdjustmentReason,
  placedAt: Timestamp,
  approval: ManagerApproval,
};

export const VoidPayload = Type.Object(
  { kind: Type.Literal('void'), ...adjustmentFields },
  { additionalProperties: false },
);
export type VoidPayload = Static<typeof VoidPayload>;

export const RefundPayload = Type.Object(
  {
    kind: Type.Literal('refund'),
    ...adjustmentFields,
    amountCents: Type.Integer({ minimum: 1, maximum: ORDER_TOTAL_CENTS_MAX }),
  },
  { additionalProperties: false },
);
export type RefundPayload = Static<typeof RefundPayload>;

/** A void or a refund as a POS queued it. */
export const AdjustmentPayload = Type.Union([VoidPayload, RefundPayload]);
export type AdjustmentPayload = Static<typeof AdjustmentPayload>;

/** What the server recorded for an accepted void or refund. */
export const AcceptedAdjustment = Type.Object(
  {
    adjustmentId: Id,
    orderId: Id,
    kind: Type.Union([Type.Literal('void'), Type.Literal('refund')]),
    amountCents: Type.Integer({
      minimum: 0,
      maximum: ORDER_TOTAL_CENTS_MAX,
      description: 'What was taken back: for a void, what was left of the order.',
    }),
    receivedAt: Timestamp,
  },
  { additionalProperties: false },
);
export type AcceptedAdjustment = Static<typeof AcceptedAdjustment>;

/**
 * A manager whose PIN can approve voids and refunds on a POS of this event:
 * what it takes to check the PIN, not to sign with it.
 */
export const ApproverRecord = Type.Object(
  {
    staffUserId: Id,
    name: Name,
    pinKeyId: Id,
    saltHex: Type.String({ pattern: '^[0-9a-f]{32}$' }),
    iterations: Type.Integer({ minimum: 1000, maximum: 10_000_000 }),
    verifierHex: Type.String({ pattern: '^[0-9a-f]{64}$' }),
  },
  { additionalProperties: false },
);
export type ApproverRecord = Static<typeof ApproverRecord>;

/** A void or refund made online by a manager (their session is the approval). */
export const AdjustOrderRequest = Type.Union([
  Type.Object(
    { kind: Type.Literal('void'), reason: AdjustmentReason },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('refund'),
      reason: AdjustmentReason,
      amountCents: Type.Integer({ minimum: 1, maximum: ORDER_TOTAL_CENTS_MAX }),
    },
    { additionalProperties: false },
  ),
]);
export type AdjustOrderRequest = Static<typeof AdjustOrderRequest>;

/** An adjustment as the server holds it. */
export const AdjustmentDetails = Type.Object(
  {
    id: Id,
    kind: Type.Union([Type.Literal('void'), Type.Literal('refund')]),
    amountCents: Cents,
    reason: AdjustmentReason,
    approvedBy: Id,
    deviceId: Type.Union([Id, Type.Null()]),
    placedAt: Timestamp,
    receivedAt: Timestamp,
  },
  { additionalProperties: false },
);
export type AdjustmentDetails = Static<typeof AdjustmentDetails>;
