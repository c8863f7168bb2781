/**
 * Pricing and promotions: the public surface. Internal leaves (rounding,
 * caps, buy-x-get-y grouping) stay private to this folder; their rules are
 * documented in price-order.ts and docs/PRICING.md.
 */
export * from './applies-at.ts';
export * from './check-promotion.ts';
export type { InputProblem } from './input-reader.ts';
export * from './local-time.ts';
export * from './price-order.ts';
export * from './priced-order.ts';
export * from './pricing-context.ts';
export * from './pricing-line.ts';
export * from './promotion.ts';
