import fc from 'fast-check';
import { ORDER_ITEM_QUANTITY_MAX, UNIT_PRICE_CENTS_MAX } from '../src/index.ts';
import type {
  PricingContext,
  PricingLine,
  Promotion,
  PromotionBenefit,
  PromotionTarget,
  PromotionWindow,
} from '../src/index.ts';

/**
 * fast-check arbitraries for pricing: orders, promotions of every kind and
 * contexts. Products, categories and times are drawn from small sets so that
 * promotions often target lines and windows often open; amounts mix everyday
 * prices with the extremes the limits allow.
 */
const PRODUCTS = ['p1', 'p2', 'p3', 'p4'];
const CATEGORIES = ['c1', 'c2'];
const TIME_ZONES = [
  'UTC',
  'Europe/Berlin',
  'America/New_York',
  'Asia/Kolkata',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
];
/** A week with a daylight saving change in Europe (2024-10-27), so windows meet it. */
const WEEK_MS = {
  min: Date.parse('2024-10-23T00:00:00Z'),
  max: Date.parse('2024-10-30T00:00:00Z'),
};

/** Null as often as a value. */
const orNull = <T>(arb: fc.Arbitrary<T>) => fc.oneof(fc.constant(null), arb);

/**
 * Mostly null: a restriction (validity, window, tiers) in one case of four,
 * so that most promotions apply and their interplay gets exercised. The
 * restrictions themselves have named tests.
 */
const rarely = <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: fc.constant(null), weight: 3 }, { arbitrary: arb, weight: 1 });

const cents = (everydayMax: number, max: number) =>
  fc.oneof(fc.integer({ min: 0, max: everydayMax }), fc.integer({ min: 0, max }));

export const lineArb: fc.Arbitrary<PricingLine> = fc.record({
  productId: fc.constantFrom(...PRODUCTS),
  categoryId: fc.constantFrom(...CATEGORIES, null),
  unitPriceCents: cents(2000, UNIT_PRICE_CENTS_MAX),
  quantity: fc.oneof(
    fc.integer({ min: 1, max: 5 }),
    fc.integer({ min: 1, max: ORDER_ITEM_QUANTITY_MAX }),
  ),
});

export const linesArb = fc.array(lineArb, { maxLength: 8 });

const windowArb: fc.Arbitrary<PromotionWindow> = fc.record({
  startMinute: fc.integer({ min: 0, max: 1440 }),
  endMinute: fc.integer({ min: 0, max: 1440 }),
  daysOfWeek: orNull(fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1 })),
});

const targetArb: fc.Arbitrary<PromotionTarget> = fc.oneof(
  fc.constant({ kind: 'all' as const }),
  fc.record({
    kind: fc.constant('products' as const),
    productIds: fc.subarray(PRODUCTS, { minLength: 1 }),
  }),
  fc.record({
    kind: fc.constant('categories' as const),
    categoryIds: fc.subarray(CATEGORIES, { minLength: 1 }),
  }),
);

const basisPointsArb = fc.oneof(
  fc.constantFrom(1, 1000, 1500, 3333, 5000, 10000),
  fc.integer({ min: 1, max: 10000 }),
);

const benefitArb: fc.Arbitrary<PromotionBenefit> = fc.oneof(
  fc.record({ kind: fc.constant('percent-off' as const), basisPoints: basisPointsArb }),
  fc.record({
    kind: fc.constant('amount-off' as const),
    amountCents: cents(500, UNIT_PRICE_CENTS_MAX),
  }),
  fc.record({
    kind: fc.constant('buy-x-get-y' as const),
    buyQuantity: fc.integer({ min: 1, max: 4 }),
    getQuantity: fc.integer({ min: 1, max: 3 }),
    basisPoints: basisPointsArb,
  }),
);

const instantArb = fc.integer(WEEK_MS);

export const promotionArb: fc.Arbitrary<Promotion> = fc.record({
  id: fc.uuid(),
  name: fc.constantFrom('Happy hour', 'VIP', 'Two for one'),
  active: fc.constantFrom(true, true, true, true, true, true, true, false),
  priority: fc.integer({ min: -2, max: 2 }),
  stacking: fc.constantFrom('stackable' as const, 'exclusive' as const),
  validFrom: rarely(instantArb),
  validUntil: rarely(instantArb),
  window: rarely(windowArb),
  tiers: rarely(fc.subarray(['standard' as const, 'vip' as const], { minLength: 1 })),
  target: targetArb,
  benefit: benefitArb,
  capCents: orNull(cents(3000, 100_000_000)),
});

export const promotionsArb = fc.uniqueArray(promotionArb, {
  minLength: 1,
  maxLength: 8,
  selector: (p) => p.id,
});

export const stackableArb = promotionArb.map((p) => ({ ...p, stacking: 'stackable' as const }));

export const contextArb: fc.Arbitrary<PricingContext> = fc.record({
  placedAt: instantArb,
  timeZone: fc.constantFrom(...TIME_ZONES),
  tier: fc.constantFrom('standard' as const, 'vip' as const, null),
});
