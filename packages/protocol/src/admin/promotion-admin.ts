import Type from 'typebox';
import type { Static } from 'typebox';
import { Id } from '../schema-parts.ts';
import { PromotionRecord } from '../promotion-record.ts';
import { NameInput, Page } from './admin-schema-parts.ts';

/**
 * Schemas of promotions. A promotion is one definition, the shared pricing
 * code's `Promotion` (docs/PRICING.md), sent whole: the server makes the id
 * of a new one, and a change replaces the definition. Promotions are never
 * deleted; one that ends is made inactive.
 */

const { id: _id, ...definition } = PromotionRecord.properties;

/** A promotion without its id; its name is typed by people, so no control characters. */
export const PromotionRequest = Type.Object(
  { ...definition, name: NameInput },
  { additionalProperties: false },
);
export type PromotionRequest = Static<typeof PromotionRequest>;

export const PromotionPage = Page(PromotionRecord);
export type PromotionPage = Static<typeof PromotionPage>;

export const PromotionParams = Type.Object(
  { eventId: Id, promotionId: Id },
  { additionalProperties: false },
);
