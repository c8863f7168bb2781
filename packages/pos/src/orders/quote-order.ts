/**
 * What an order being rung up comes to, before staff take it: each line
 * priced with the pulled promotions at this moment and for the band's tier,
 * exactly as `placeOrder` would price it now. A read: nothing is stored and
 * nothing is checked against the offline limit (`placeOrder` does that, in
 * its transaction).
 */
import type { AttendeeTier, Failure, OrderItem, Promotion, Result } from '@tabline/domain';
import {
  checkOrderItems,
  err,
  failure,
  normalizeWristbandUid,
  ok,
  orderTotalCents,
  promotionAppliesAt,
} from '@tabline/domain';
import type { ResolvedPosEngineOptions } from '../pos-engine-options.ts';
import type { PulledFacts } from '../store/pull-cache.ts';
import { readOrderContext } from '../store/read-order-context.ts';
import type { OrderLineInput } from './place-order-input.ts';
import { priceItems } from './price-items.ts';
import { resolveOrderLines } from './resolve-order-lines.ts';

export interface QuoteOrderInput {
  /** The band as typed or scanned so far; empty or malformed: priced for no tier. */
  readonly wristbandUid: string;
  readonly items: readonly OrderLineInput[];
}

/** Where the band stands on this POS's list: blocked bands are refused by `placeOrder`. */
export type QuotedWristband =
  | { readonly uid: string; readonly standing: 'active' | 'blocked'; readonly tier: AttendeeTier }
  | { readonly uid: string; readonly standing: 'unknown' }
  | { readonly uid: null; readonly standing: 'none' | 'malformed' };

export interface OrderQuote {
  readonly items: readonly OrderItem[];
  /** Before discounts. */
  readonly subtotalCents: number;
  readonly discountCents: number;
  readonly totalCents: number;
  readonly currency: string;
  readonly wristband: QuotedWristband;
  /** The promotions that took something off, by name. */
  readonly promotionNames: readonly string[];
}

export function quoteOrder(
  options: ResolvedPosEngineOptions,
  input: QuoteOrderInput,
): Result<OrderQuote, Failure> {
  const pulled = currentPull(options);
  const sale = pulled.saleContext();
  if (sale.catalogCursor === null || sale.currency === null) {
    return err(failure('catalog.missing', 'This POS has no menu yet: connect it once.'));
  }
  const wristband = quotedWristband(input.wristbandUid, pulled);
  const lines = resolveOrderLines(input.items, (productId) => pulled.findProduct(productId));
  if (!lines.ok) return lines;
  const unpriced = checkOrderItems(
    lines.value.map((l) => ({ ...l, discountCents: 0, promotionIds: [] })),
  );
  if (!unpriced.ok) return unpriced;
  const items = priceItems(lines.value, pulled.promotions(), {
    placedAt: options.clock.now(),
    timeZone: sale.timeZone ?? 'UTC',
    tier: 'tier' in wristband ? wristband.tier : null,
  });
  const totalCents = orderTotalCents(items);
  const discountCents = items.reduce((sum, item) => sum + item.discountCents, 0);
  return ok({
    items,
    subtotalCents: totalCents + discountCents,
    discountCents,
    totalCents,
    currency: sale.currency,
    wristband,
    promotionNames: namesOf(items, pulled.promotions()),
  });
}

function quotedWristband(typed: string, pulled: PulledFacts): QuotedWristband {
  if (typed.trim() === '') return { uid: null, standing: 'none' };
  const uid = normalizeWristbandUid(typed);
  if (!uid.ok) return { uid: null, standing: 'malformed' };
  const band = pulled.findBand(uid.value);
  if (band === undefined) return { uid: uid.value, standing: 'unknown' };
  return {
    uid: band.uid,
    standing: band.status === 'blocked' ? 'blocked' : 'active',
    tier: band.tier,
  };
}

function namesOf(items: readonly OrderItem[], promotions: readonly Promotion[]): string[] {
  const used = new Set(items.flatMap((item) => item.promotionIds));
  return promotions.filter((promotion) => used.has(promotion.id)).map((p) => p.name);
}

/**
 * The promotions that apply at this moment for a band of `tier` (null: no
 * band yet), for the menu to show beside the products they touch.
 */
export function activePromotions(
  options: ResolvedPosEngineOptions,
  tier: AttendeeTier | null,
): Promotion[] {
  const pulled = currentPull(options);
  const sale = pulled.saleContext();
  const pricing = { placedAt: options.clock.now(), timeZone: sale.timeZone ?? 'UTC', tier };
  return pulled.promotions().filter((promotion) => promotionAppliesAt(promotion, pricing));
}

/** What the last pull left, through the pull cache, keyed as `placeOrder` keys it. */
function currentPull(options: ResolvedPosEngineOptions): PulledFacts {
  const { commitSeq, dataVersion } = readOrderContext(options.db, '');
  return options.pullCache.at(options.db, { commitSeq, dataVersion });
}
