import { assert } from '../assert.ts';
import { MONEY_CENTS_MAX, PROMOTIONS_PER_EVENT_MAX } from '../limits.ts';
import type { PricingContext } from './pricing-context.ts';
import type { PricingLine } from './pricing-line.ts';
import type { Promotion } from './promotion.ts';
import { BASIS_POINTS_MAX } from './promotion.ts';

/**
 * Asserts what the pricing arithmetic relies on. These are programmer errors,
 * not input to refuse: lines come from a POS cart or a stored order, and
 * promotions from the server, both checked at their boundary. Pricing accepts
 * every promotion the sync protocol accepts, including ones checkPromotion
 * would refuse as mistakes (an empty list matches nothing, an empty window is
 * never open), so a device never fails to price an order over such a record.
 */
export function assertPricingInput(
  lines: readonly PricingLine[],
  promotions: readonly Promotion[],
  context: PricingContext,
): void {
  assert(Number.isSafeInteger(context.placedAt), `placedAt ${context.placedAt} is epoch ms`);
  let subtotalCents = 0;
  for (const line of lines) {
    assert(isCents(line.unitPriceCents), `unit price ${line.unitPriceCents} is whole cents`);
    assert(Number.isSafeInteger(line.quantity) && line.quantity >= 1, 'quantity is 1 or more');
    subtotalCents += line.unitPriceCents * line.quantity;
    assert(subtotalCents <= MONEY_CENTS_MAX, 'the order amount is within MONEY_CENTS_MAX');
  }
  assert(
    promotions.length <= PROMOTIONS_PER_EVENT_MAX,
    'promotions within PROMOTIONS_PER_EVENT_MAX',
  );
  const ids = new Set(promotions.map((p) => p.id));
  assert(ids.size === promotions.length, 'promotion ids are unique');
  for (const promotion of promotions) assertPricable(promotion);
}

function assertPricable(promotion: Promotion): void {
  const what = `promotion ${promotion.id}`;
  assert(Number.isSafeInteger(promotion.priority), `${what}: priority is an integer`);
  assert(promotion.capCents === null || isCents(promotion.capCents), `${what}: cap is cents`);
  const { benefit } = promotion;
  switch (benefit.kind) {
    case 'percent-off':
      assert(isBasisPoints(benefit.basisPoints), `${what}: basis points 0..10000`);
      return;
    case 'amount-off':
      assert(isCents(benefit.amountCents), `${what}: amount off is cents`);
      return;
    case 'buy-x-get-y':
      assert(isBasisPoints(benefit.basisPoints), `${what}: basis points 0..10000`);
      assert(isCount(benefit.buyQuantity) && isCount(benefit.getQuantity), `${what}: quantities`);
      return;
    default: {
      const unknown: never = benefit;
      throw new Error(`Unknown benefit ${JSON.stringify(unknown)}`);
    }
  }
}

const isCents = (value: number) =>
  Number.isSafeInteger(value) && value >= 0 && value <= MONEY_CENTS_MAX;
const isBasisPoints = (value: number) =>
  Number.isSafeInteger(value) && value >= 0 && value <= BASIS_POINTS_MAX;
const isCount = (value: number) => Number.isSafeInteger(value) && value >= 1;
