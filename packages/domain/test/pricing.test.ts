import { afterEach, describe, expect, it, vi } from 'vitest';
import { PROMOTIONS_PER_LINE_MAX, priceOrder } from '../src/index.ts';
import type { Promotion } from '../src/index.ts';
import {
  amountOff,
  context,
  line,
  percentOff,
  promotion,
  promotionId,
} from './pricing-fixtures.ts';

const at = (iso: string) => context({ placedAt: Date.parse(iso), timeZone: 'Europe/Berlin' });

describe('pricing an order', () => {
  it('charges the subtotal when no promotion applies', () => {
    const order = priceOrder([line('beer', 650, 2), line('water', 250)], [], context());
    expect(order).toMatchObject({ subtotalCents: 1550, discountCents: 0, totalCents: 1550 });
    expect(order.applied).toEqual([]);
    expect(order.lines.map((l) => l.promotionIds)).toEqual([[], []]);
  });

  it('rounds a percentage half up per line: 15 % of 333 cents is 50', () => {
    const fifteen = promotion({ benefit: percentOff(1500) });
    const lines = [line('a', 333), line('b', 330), line('c', 329)];
    const order = priceOrder(lines, [fifteen], context());
    // 49.95 → 50, 49.5 → 50 (half up), 49.35 → 49
    expect(order.lines.map((l) => l.discountCents)).toEqual([50, 50, 49]);
    expect(order.totalCents).toBe(992 - 149);
  });

  it('rounds once per line, not per unit', () => {
    // 15 % of 3 × 333 = 149.85 → 150; per unit it would be 3 × 50 = 150 too,
    // but 15 % of 3 × 10 = 4.5 → 5, where per unit it would be 3 × 2 = 6.
    const order = priceOrder(
      [line('a', 10, 3)],
      [promotion({ benefit: percentOff(1500) })],
      context(),
    );
    expect(order.lines[0]!.discountCents).toBe(5);
  });

  it('takes an amount off each unit but never below zero', () => {
    const order = priceOrder(
      [line('beer', 650, 3), line('water', 300, 2)],
      [promotion({ benefit: amountOff(500) })],
      context(),
    );
    expect(order.lines.map((l) => l.discountCents)).toEqual([1500, 600]);
    expect(order.totalCents).toBe(1950 - 1500);
  });

  it('lists only promotions that took something off, with their share', () => {
    const real = promotion({ id: promotionId(1), name: 'Ten off', benefit: percentOff(1000) });
    const nothing = promotion({
      id: promotionId(2),
      benefit: percentOff(1000),
      target: { kind: 'products', productIds: ['absent'] },
    });
    const order = priceOrder([line('beer', 650)], [real, nothing], context());
    expect(order.applied).toEqual([{ promotionId: real.id, name: 'Ten off', discountCents: 65 }]);
    expect(order.lines[0]!.promotionIds).toEqual([real.id]);
  });
});

describe('promotion order', () => {
  it('applies priority descending, then id ascending, each on what is left', () => {
    const low = promotion({ id: promotionId(1), priority: 1, benefit: amountOff(100) });
    const highB = promotion({ id: promotionId(3), priority: 5, benefit: percentOff(5000) });
    const highA = promotion({ id: promotionId(2), priority: 5, benefit: percentOff(1000) });
    const order = priceOrder([line('beer', 1000)], [low, highB, highA], context());
    // 10 % of 1000 = 100, then 50 % of 900 = 450, then 100 off: 650 in all.
    expect(order.applied.map((a) => [a.promotionId, a.discountCents])).toEqual([
      [highA.id, 100],
      [highB.id, 450],
      [low.id, 100],
    ]);
    expect(order.totalCents).toBe(350);
  });
});

describe('happy hours', () => {
  const happyHour = promotion({
    benefit: percentOff(2000),
    window: { startMinute: 17 * 60, endMinute: 22 * 60, daysOfWeek: null },
  });

  afterEach(() => vi.useRealTimers());

  it('discount an order placed at 21:59 even when pricing runs after the window closed', () => {
    // Pricing runs the next morning, as the server's order processor might.
    vi.useFakeTimers({ now: Date.parse('2024-07-06T09:00:00+02:00') });
    const order = priceOrder([line('beer', 500)], [happyHour], at('2024-07-05T21:59:00+02:00'));
    expect(order.discountCents).toBe(100);
  });

  it('discount the last millisecond before the end and not the end itself', () => {
    const beer = [line('beer', 500)];
    expect(priceOrder(beer, [happyHour], at('2024-07-05T21:59:59.999+02:00')).discountCents).toBe(
      100,
    );
    expect(priceOrder(beer, [happyHour], at('2024-07-05T22:00:00+02:00')).discountCents).toBe(0);
  });

  it('discount an order placed during the window but not one placed before it, whatever the clock says', () => {
    vi.useFakeTimers({ now: Date.parse('2024-07-05T18:00:00+02:00') });
    const order = priceOrder([line('beer', 500)], [happyHour], at('2024-07-05T16:59:00+02:00'));
    expect(order.discountCents).toBe(0);
  });

  it('that cross midnight belong to the day they start', () => {
    // Fridays 22:00-02:00: Friday night and the small hours of Saturday.
    const lateFriday = promotion({
      benefit: percentOff(2000),
      window: { startMinute: 22 * 60, endMinute: 2 * 60, daysOfWeek: [5] },
    });
    const discountAt = (iso: string) =>
      priceOrder([line('beer', 500)], [lateFriday], at(iso)).discountCents;
    expect(discountAt('2024-07-05T21:59:00+02:00')).toBe(0); // Friday, before
    expect(discountAt('2024-07-05T22:00:00+02:00')).toBe(100); // Friday night
    expect(discountAt('2024-07-06T01:59:00+02:00')).toBe(100); // Saturday, Friday's window
    expect(discountAt('2024-07-06T02:00:00+02:00')).toBe(0); // Saturday, ended
    expect(discountAt('2024-07-06T23:00:00+02:00')).toBe(0); // Saturday night: not a Friday
    expect(discountAt('2024-07-05T01:00:00+02:00')).toBe(0); // Friday small hours: Thursday's
  });

  it('follow the wall clock across a daylight saving change', () => {
    // New York springs forward on 2024-03-10 (UTC-5 to UTC-4). A fixed
    // offset would put 19:00 local at 00:00Z; the real end is 23:00Z.
    const evening = promotion({
      benefit: percentOff(2000),
      window: { startMinute: 17 * 60, endMinute: 19 * 60, daysOfWeek: [0] },
    });
    const discountAt = (iso: string) =>
      priceOrder(
        [line('beer', 500)],
        [evening],
        context({ placedAt: Date.parse(iso), timeZone: 'America/New_York' }),
      ).discountCents;
    expect(discountAt('2024-03-10T21:00:00Z')).toBe(100); // 17:00 EDT, start
    expect(discountAt('2024-03-10T22:59:59.999Z')).toBe(100); // 18:59:59.999 EDT
    expect(discountAt('2024-03-10T23:00:00Z')).toBe(0); // 19:00 EDT, end
    expect(discountAt('2024-03-10T20:59:00Z')).toBe(0); // 16:59 EDT
    expect(discountAt('2024-03-03T23:59:00Z')).toBe(100); // a week earlier: 18:59 EST
  });

  it('in the repeated hour of a daylight saving change are open both times', () => {
    // Berlin falls back on 2024-10-27: 02:00-03:00 local happens twice.
    const repeated = promotion({
      benefit: percentOff(2000),
      window: { startMinute: 2 * 60, endMinute: 3 * 60, daysOfWeek: null },
    });
    const discountAt = (iso: string) =>
      priceOrder([line('beer', 500)], [repeated], at(iso)).discountCents;
    expect(discountAt('2024-10-27T00:30:00Z')).toBe(100); // 02:30 CEST
    expect(discountAt('2024-10-27T01:30:00Z')).toBe(100); // 02:30 CET
    expect(discountAt('2024-10-27T02:00:00Z')).toBe(0); // 03:00 CET
  });

  it('in the skipped hour of a daylight saving change never open', () => {
    // Berlin springs forward on 2024-03-31: 02:00 CET becomes 03:00 CEST.
    const skipped = promotion({
      benefit: percentOff(2000),
      window: { startMinute: 2 * 60, endMinute: 3 * 60, daysOfWeek: null },
    });
    const discountAt = (iso: string) =>
      priceOrder([line('beer', 500)], [skipped], at(iso)).discountCents;
    expect(discountAt('2024-03-31T00:59:59.999Z')).toBe(0); // 01:59:59.999 CET
    expect(discountAt('2024-03-31T01:00:00Z')).toBe(0); // 03:00 CEST
    expect(discountAt('2024-03-30T01:30:00Z')).toBe(100); // the day before, 02:30 CET
  });
});

describe('who and what a promotion is for', () => {
  const vipOnly = promotion({ benefit: percentOff(1000), tiers: ['vip'] });

  it('gives a VIP-only promotion to VIPs and to no one else', () => {
    const discountFor = (tier: 'vip' | 'standard' | null) =>
      priceOrder([line('beer', 1000)], [vipOnly], context({ tier })).discountCents;
    expect(discountFor('vip')).toBe(100);
    expect(discountFor('standard')).toBe(0);
    expect(discountFor(null)).toBe(0);
  });

  it('gives a promotion for everyone to an unknown attendee', () => {
    const everyone = promotion({ benefit: percentOff(1000) });
    expect(priceOrder([line('beer', 1000)], [everyone], context()).discountCents).toBe(100);
  });

  it('discounts only lines of the targeted categories', () => {
    const drinks = promotion({
      benefit: percentOff(5000),
      target: { kind: 'categories', categoryIds: ['drinks'] },
    });
    const lines = [
      line('beer', 600, 1, 'drinks'),
      line('burger', 1200, 1, 'food'),
      line('mystery', 800, 1, null),
      line('water', 300, 2, 'drinks'),
    ];
    const order = priceOrder(lines, [drinks], context());
    expect(order.lines.map((l) => l.discountCents)).toEqual([300, 0, 0, 300]);
  });

  it('discounts only the targeted products', () => {
    const beerOnly = promotion({
      benefit: amountOff(100),
      target: { kind: 'products', productIds: ['beer'] },
    });
    const order = priceOrder([line('beer', 600, 2), line('cider', 600)], [beerOnly], context());
    expect(order.lines.map((l) => l.discountCents)).toEqual([200, 0]);
  });

  it('applies from validFrom inclusive until validUntil exclusive, and only when active', () => {
    const from = Date.parse('2024-07-05T12:00:00Z');
    const until = Date.parse('2024-07-05T14:00:00Z');
    const limited = promotion({ benefit: percentOff(1000), validFrom: from, validUntil: until });
    const discountAt = (placedAt: number, p: Promotion = limited) =>
      priceOrder([line('beer', 1000)], [p], context({ placedAt })).discountCents;
    expect(discountAt(from - 1)).toBe(0);
    expect(discountAt(from)).toBe(100);
    expect(discountAt(until - 1)).toBe(100);
    expect(discountAt(until)).toBe(0);
    expect(discountAt(from, { ...limited, active: false })).toBe(0);
  });
});

describe('buy x get y', () => {
  const buyTwoGetOneFree = promotion({
    benefit: { kind: 'buy-x-get-y', buyQuantity: 2, getQuantity: 1, basisPoints: 10000 },
  });

  it('makes the cheapest unit of each group of three free, with mixed prices', () => {
    // Units by price: 900 900 | 700 … groups (900, 900, 700) and (500, 300, 300).
    const lines = [
      line('cocktail', 900, 2),
      line('beer', 700),
      line('cider', 500),
      line('soda', 300, 2),
    ];
    const order = priceOrder(lines, [buyTwoGetOneFree], context());
    expect(order.lines.map((l) => l.discountCents)).toEqual([0, 700, 0, 300]);
    expect(order.discountCents).toBe(1000);
  });

  it('gives nothing for an incomplete group', () => {
    const lines = [line('beer', 900), line('cider', 700), line('soda', 500), line('water', 300)];
    const order = priceOrder(lines, [buyTwoGetOneFree], context());
    // (900, 700, 500) makes the 500 free; the 300 is alone in its group.
    expect(order.lines.map((l) => l.discountCents)).toEqual([0, 0, 500, 0]);
  });

  it('groups units of one line and gives that line its share', () => {
    const order = priceOrder([line('beer', 650, 7)], [buyTwoGetOneFree], context());
    expect(order.lines[0]!.discountCents).toBe(1300);
  });

  it('rounds a half-price unit half up, once for the line', () => {
    const secondHalfPrice = promotion({
      benefit: { kind: 'buy-x-get-y', buyQuantity: 1, getQuantity: 1, basisPoints: 5000 },
    });
    const order = priceOrder([line('beer', 333, 2)], [secondHalfPrice], context());
    expect(order.lines[0]!.discountCents).toBe(167); // 166.5 → 167
  });

  it('pools only the targeted lines', () => {
    const beers = promotion({
      benefit: { kind: 'buy-x-get-y', buyQuantity: 1, getQuantity: 1, basisPoints: 10000 },
      target: { kind: 'products', productIds: ['beer', 'cider'] },
    });
    const lines = [line('beer', 700), line('champagne', 9000), line('cider', 500)];
    const order = priceOrder(lines, [beers], context());
    expect(order.lines.map((l) => l.discountCents)).toEqual([0, 0, 500]);
  });
});

describe('caps', () => {
  it('keep line discounts in line order until the cap, summing to exactly the cap', () => {
    const capped = promotion({ benefit: percentOff(2000), capCents: 450 });
    const lines = [line('a', 1000), line('b', 1500), line('c', 2000)];
    const order = priceOrder(lines, [capped], context());
    // Uncapped 200 + 300 + 400 = 900; the cap keeps 200 + 250 + 0.
    expect(order.lines.map((l) => l.discountCents)).toEqual([200, 250, 0]);
    expect(order.applied[0]!.discountCents).toBe(450);
    expect(order.lines[2]!.promotionIds).toEqual([]);
    expect(order.totalCents).toBe(4500 - 450);
  });

  it('change nothing below the cap, and a cap of zero gives nothing', () => {
    const lines = [line('a', 1000)];
    const loose = promotion({ benefit: percentOff(2000), capCents: 5000 });
    expect(priceOrder(lines, [loose], context()).discountCents).toBe(200);
    const zero = promotion({ benefit: percentOff(2000), capCents: 0 });
    expect(priceOrder(lines, [zero], context())).toMatchObject({ discountCents: 0, applied: [] });
  });
});

describe('stacking', () => {
  const lines = [line('beer', 1000, 1, 'drinks'), line('burger', 2000, 1, 'food')];
  const tenOffAll = (priority: number) =>
    promotion({ id: promotionId(1), priority, benefit: percentOff(1000) });
  const halfBeerExclusive = (priority: number) =>
    promotion({
      id: promotionId(2),
      priority,
      stacking: 'exclusive',
      benefit: percentOff(5000),
      target: { kind: 'products', productIds: ['beer'] },
    });

  it('lets stackable promotions compound on what is left', () => {
    const second = { ...tenOffAll(0), id: promotionId(3) };
    const order = priceOrder([line('beer', 1000)], [tenOffAll(0), second], context());
    expect(order.lines[0]!.discountCents).toBe(100 + 90);
  });

  it('gives a line an exclusive promotion discounted nothing else', () => {
    const order = priceOrder(lines, [tenOffAll(1), halfBeerExclusive(2)], context());
    expect(order.lines.map((l) => l.discountCents)).toEqual([500, 200]);
    expect(order.lines[0]!.promotionIds).toEqual([promotionId(2)]);
  });

  it('keeps an exclusive promotion off a line another promotion already discounted', () => {
    const order = priceOrder(lines, [tenOffAll(2), halfBeerExclusive(1)], context());
    expect(order.lines.map((l) => l.discountCents)).toEqual([100, 200]);
    expect(order.applied.map((a) => a.promotionId)).toEqual([promotionId(1)]);
  });

  it('lets a higher-priority exclusive promotion win even when it takes less (by design)', () => {
    const small = promotion({
      id: promotionId(9),
      priority: 5,
      stacking: 'exclusive',
      benefit: amountOff(50),
    });
    const without = priceOrder([line('beer', 1000)], [tenOffAll(1)], context());
    const withSmall = priceOrder([line('beer', 1000)], [tenOffAll(1), small], context());
    expect(without.totalCents).toBe(900);
    expect(withSmall.totalCents).toBe(950);
  });

  it('does not count a discount that rounded to zero as discounting a line', () => {
    const tiny = promotion({ id: promotionId(1), priority: 2, benefit: percentOff(1) });
    const order = priceOrder([line('beer', 1000)], [tiny, halfBeerExclusive(1)], context());
    expect(order.lines[0]!.discountCents).toBe(500);
  });

  it('stops discounting a line after PROMOTIONS_PER_LINE_MAX promotions', () => {
    const many = Array.from({ length: PROMOTIONS_PER_LINE_MAX + 3 }, (_, i) =>
      promotion({ id: promotionId(i), benefit: amountOff(1) }),
    );
    const order = priceOrder([line('beer', 1000)], many, context());
    expect(order.lines[0]!.promotionIds).toHaveLength(PROMOTIONS_PER_LINE_MAX);
    expect(order.discountCents).toBe(PROMOTIONS_PER_LINE_MAX);
  });
});

describe('pricing input', () => {
  it('refuses fractional cents and duplicate promotion ids as bugs', () => {
    expect(() => priceOrder([line('beer', 6.5)], [], context())).toThrow(/whole cents/);
    const p = promotion({ benefit: percentOff(1000) });
    expect(() => priceOrder([line('beer', 650)], [p, p], context())).toThrow(/unique/);
  });

  it('prices promotions the protocol allows but checkPromotion refuses, without failing', () => {
    const beer = [line('beer', 650)];
    const vip = context({ tier: 'vip' });
    const never = [
      promotion({ benefit: percentOff(1000), tiers: [] }),
      promotion({ benefit: percentOff(1000), target: { kind: 'products', productIds: [] } }),
      promotion({
        benefit: percentOff(1000),
        window: { startMinute: 0, endMinute: 1440, daysOfWeek: [] },
      }),
      promotion({
        benefit: percentOff(1000),
        window: { startMinute: 600, endMinute: 600, daysOfWeek: null },
      }),
      promotion({ benefit: percentOff(1000), validFrom: 2, validUntil: 1 }),
    ];
    for (const p of never) expect(priceOrder(beer, [p], vip).totalCents).toBe(650);
  });
});
