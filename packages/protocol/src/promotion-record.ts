import Type from 'typebox';
import type { Static } from 'typebox';
import {
  BASIS_POINTS_MAX,
  PROMOTION_PRIORITY_MAX,
  PROMOTION_QUANTITY_MAX,
  PROMOTION_TARGET_IDS_MAX,
} from '@tabline/domain';
import { Cents, Id, Name } from './schema-parts.ts';

const Tier = Type.Union([Type.Literal('standard'), Type.Literal('vip')]);

/**
 * A promotion as devices pull it: the shared pricing code's `Promotion`
 * (packages/domain/src/pricing), with its validity as epoch milliseconds.
 * docs/PRICING.md says how promotions combine and round.
 */
export const PromotionRecord = Type.Object(
  {
    id: Id,
    name: Name,
    active: Type.Boolean(),
    priority: Type.Integer({ minimum: -PROMOTION_PRIORITY_MAX, maximum: PROMOTION_PRIORITY_MAX }),
    stacking: Type.Union([Type.Literal('stackable'), Type.Literal('exclusive')]),
    validFrom: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
    validUntil: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
    window: Type.Union([
      Type.Object(
        {
          startMinute: Type.Integer({ minimum: 0, maximum: 1440 }),
          endMinute: Type.Integer({ minimum: 0, maximum: 1440 }),
          daysOfWeek: Type.Union([
            Type.Array(Type.Integer({ minimum: 0, maximum: 6 }), { maxItems: 7 }),
            Type.Null(),
          ]),
        },
        { additionalProperties: false },
      ),
      Type.Null(),
    ]),
    tiers: Type.Union([Type.Array(Tier, { maxItems: 2 }), Type.Null()]),
    target: Type.Union([
      Type.Object({ kind: Type.Literal('all') }, { additionalProperties: false }),
      Type.Object(
        {
          kind: Type.Literal('products'),
          productIds: Type.Array(Id, { maxItems: PROMOTION_TARGET_IDS_MAX }),
        },
        { additionalProperties: false },
      ),
      Type.Object(
        {
          kind: Type.Literal('categories'),
          categoryIds: Type.Array(Id, { maxItems: PROMOTION_TARGET_IDS_MAX }),
        },
        { additionalProperties: false },
      ),
    ]),
    benefit: Type.Union([
      Type.Object(
        {
          kind: Type.Literal('percent-off'),
          basisPoints: Type.Integer({ minimum: 1, maximum: BASIS_POINTS_MAX }),
        },
        { additionalProperties: false },
      ),
      Type.Object(
        { kind: Type.Literal('amount-off'), amountCents: Cents },
        { additionalProperties: false },
      ),
      Type.Object(
        {
          kind: Type.Literal('buy-x-get-y'),
          buyQuantity: Type.Integer({ minimum: 1, maximum: PROMOTION_QUANTITY_MAX }),
          getQuantity: Type.Integer({ minimum: 1, maximum: PROMOTION_QUANTITY_MAX }),
          basisPoints: Type.Integer({ minimum: 1, maximum: BASIS_POINTS_MAX }),
        },
        { additionalProperties: false },
      ),
    ]),
    capCents: Type.Union([Cents, Type.Null()]),
  },
  { additionalProperties: false },
);
export type PromotionRecord = Static<typeof PromotionRecord>;
