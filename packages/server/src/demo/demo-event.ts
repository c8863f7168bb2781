import type { PromotionRecord } from '@tabline/protocol';

/**
 * The demo organisation `npm start` seeds: one event with two bars, a menu,
 * attendees with wristbands and two POS devices. Ids are fixed so seeding
 * again updates instead of duplicating. Phone numbers are in 555-01xx, which
 * North American numbering reserves for fiction.
 */
const demoId = (n: number) => `00000000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;

export const DEMO = {
  organisation: { id: demoId(0x1), name: 'Tabline Demo Events' },
  /** Signs in to the staff API with the password `tabline start` prints. */
  owner: { id: demoId(0x2), email: 'owner@demo.tabline.test', name: 'Demo Owner' },
  event: {
    id: demoId(0x10),
    name: 'Summer Fest',
    currency: 'USD',
    timeZone: 'America/Los_Angeles',
  },
  locations: [
    { id: demoId(0x20), name: 'Main Bar' },
    { id: demoId(0x21), name: 'Food Court' },
  ],
  devices: [
    { id: demoId(0x30), name: 'Main Bar POS 1', locationId: demoId(0x20) },
    { id: demoId(0x31), name: 'Food Court POS 1', locationId: demoId(0x21) },
  ],
  categories: [
    { id: demoId(0x40), name: 'Drinks', position: 1 },
    { id: demoId(0x41), name: 'Food', position: 2 },
    { id: demoId(0x42), name: 'Merch', position: 3 },
  ],
  products: [
    { id: demoId(0x100), categoryId: demoId(0x40), name: 'Lager', priceCents: 650 },
    { id: demoId(0x101), categoryId: demoId(0x40), name: 'IPA', priceCents: 750 },
    { id: demoId(0x102), categoryId: demoId(0x40), name: 'Cider', priceCents: 700 },
    { id: demoId(0x103), categoryId: demoId(0x40), name: 'Soft drink', priceCents: 300 },
    { id: demoId(0x104), categoryId: demoId(0x40), name: 'Water', priceCents: 250 },
    { id: demoId(0x110), categoryId: demoId(0x41), name: 'Nachos', priceCents: 900 },
    { id: demoId(0x111), categoryId: demoId(0x41), name: 'Burger', priceCents: 1250 },
    { id: demoId(0x112), categoryId: demoId(0x41), name: 'Fries', priceCents: 500 },
    { id: demoId(0x120), categoryId: demoId(0x42), name: 'T-shirt', priceCents: 2500 },
    { id: demoId(0x121), categoryId: demoId(0x42), name: 'Cap', priceCents: 2000 },
  ],
  /** Happy hour on drinks, a VIP discount, and a third beer free. */
  promotions: [
    {
      id: demoId(0x200),
      name: 'Happy hour: 20% off drinks',
      active: true,
      priority: 10,
      stacking: 'stackable',
      validFrom: null,
      validUntil: null,
      window: { startMinute: 17 * 60, endMinute: 19 * 60, daysOfWeek: null },
      tiers: null,
      target: { kind: 'categories', categoryIds: [demoId(0x40)] },
      benefit: { kind: 'percent-off', basisPoints: 2000 },
      capCents: null,
    },
    {
      id: demoId(0x201),
      name: 'VIP: 10% off everything',
      active: true,
      priority: 5,
      stacking: 'stackable',
      validFrom: null,
      validUntil: null,
      window: null,
      tiers: ['vip'],
      target: { kind: 'all' },
      benefit: { kind: 'percent-off', basisPoints: 1000 },
      capCents: 2000,
    },
    {
      id: demoId(0x202),
      name: 'Third beer free',
      active: true,
      priority: 20,
      stacking: 'exclusive',
      validFrom: null,
      validUntil: null,
      window: null,
      tiers: null,
      target: { kind: 'products', productIds: [demoId(0x100), demoId(0x101)] },
      benefit: { kind: 'buy-x-get-y', buyQuantity: 2, getQuantity: 1, basisPoints: 10000 },
      capCents: null,
    },
  ],
  /** TL0020 was reported lost; TL0005's tab is capped at 50.00. */
  blockedWristbandUids: ['TL0020'] as readonly string[],
  tabLimits: new Map([['TL0005', 5000]]),
  attendees: Array.from({ length: 20 }, (_, i) => ({
    id: demoId(0x1000 + i),
    name: `Guest ${i + 1}`,
    phone: `+1555010${String(i).padStart(4, '0')}`,
    tier: i < 2 ? ('vip' as const) : ('standard' as const),
    wristbandUid: `TL${String(i + 1).padStart(4, '0')}`,
  })),
} as const satisfies { promotions: readonly PromotionRecord[] } & Record<string, unknown>;
