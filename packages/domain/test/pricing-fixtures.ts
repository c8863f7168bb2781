import type { PricingContext, PricingLine, Promotion } from '../src/index.ts';

/**
 * Builders for pricing tests: a promotion that applies to everything at all
 * times unless a test says otherwise, lines and contexts with plain defaults.
 */
export function promotion(overrides: Partial<Promotion> & Pick<Promotion, 'benefit'>): Promotion {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    name: 'Promotion',
    active: true,
    priority: 0,
    stacking: 'stackable',
    validFrom: null,
    validUntil: null,
    window: null,
    tiers: null,
    target: { kind: 'all' },
    capCents: null,
    ...overrides,
  };
}

/** A UUID that sorts by `n`, for promotions whose id order matters. */
export function promotionId(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

export function line(
  productId: string,
  unitPriceCents: number,
  quantity = 1,
  categoryId: string | null = null,
): PricingLine {
  return { productId, categoryId, unitPriceCents, quantity };
}

export function context(overrides: Partial<PricingContext> = {}): PricingContext {
  return {
    placedAt: Date.parse('2024-07-05T12:00:00Z'),
    timeZone: 'UTC',
    tier: null,
    ...overrides,
  };
}

export const percentOff = (basisPoints: number) => ({ kind: 'percent-off', basisPoints }) as const;
export const amountOff = (amountCents: number) => ({ kind: 'amount-off', amountCents }) as const;
