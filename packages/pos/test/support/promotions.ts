import type { PromotionRecord, WristbandRecord } from '@tabline/protocol';
import { DRINKS } from './catalog.ts';

/** 2026-07-04T18:00Z (the manual clock's start) is 14:00 in New York, the test event's time zone. */
export const HAPPY_HOUR: PromotionRecord = {
  id: '0190a0a0-0000-7000-8000-00000000f001',
  name: 'Happy hour: 20% off drinks',
  active: true,
  priority: 10,
  stacking: 'stackable',
  validFrom: null,
  validUntil: null,
  window: { startMinute: 14 * 60, endMinute: 16 * 60, daysOfWeek: null },
  tiers: null,
  target: { kind: 'categories', categoryIds: [DRINKS.id] },
  benefit: { kind: 'percent-off', basisPoints: 2000 },
  capCents: null,
};

export const VIP_TEN_PERCENT: PromotionRecord = {
  ...HAPPY_HOUR,
  id: '0190a0a0-0000-7000-8000-00000000f002',
  name: 'VIP 10% off',
  priority: 5,
  window: null,
  tiers: ['vip'],
  target: { kind: 'all' },
  benefit: { kind: 'percent-off', basisPoints: 1000 },
};

/** A band on the pulled list: active, standard, no tab limit, unless changed. */
export const band = (uid: string, change: Partial<WristbandRecord> = {}): WristbandRecord => ({
  uid,
  status: 'active',
  tier: 'standard',
  tabLimitCents: null,
  ...change,
});
