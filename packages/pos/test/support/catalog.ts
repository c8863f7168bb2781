/** A small festival catalog and pull pages built from it. */
import type { CategoryRecord, ProductRecord, PullResponse } from '@tabline/protocol';

const id = (suffix: string) => `0190a0a0-0000-7000-8000-${suffix.padStart(12, '0')}`;

export const EVENT_ID = id('e1');
export const DEVICE_ID = id('d1');
export const LOCATION_ID = id('10c1');

export const DRINKS: CategoryRecord = { id: id('ca1'), name: 'Drinks', position: 1, active: true };
export const FOOD: CategoryRecord = { id: id('ca2'), name: 'Food', position: 2, active: true };

const product = (suffix: string, name: string, priceCents: number, categoryId: string | null) =>
  ({ id: id(suffix), categoryId, name, priceCents, position: 0, active: true }) as const;

export const LAGER: ProductRecord = { ...product('a1', 'Lager', 650, DRINKS.id), position: 1 };
export const CIDER: ProductRecord = { ...product('a2', 'Cider', 700, DRINKS.id), position: 2 };
export const WATER: ProductRecord = { ...product('a3', 'Water', 0, DRINKS.id), position: 3 };
export const NACHOS: ProductRecord = { ...product('a4', 'Nachos', 900, FOOD.id), position: 1 };
export const TOTE_BAG: ProductRecord = { ...product('a5', 'Tote bag', 1500, null), position: 1 };

export const UNKNOWN_PRODUCT_ID = id('ffff');

/** One pull page; by default the whole catalog, with nothing more to come. */
export function catalogPage(change: Partial<PullResponse> = {}): PullResponse {
  return {
    event: {
      id: EVENT_ID,
      name: 'Summer Fest',
      currency: 'USD',
      timeZone: 'America/New_York',
      offlineSpendingLimitCents: 10_000_000,
      offlineWarningSeconds: 1800,
    },
    device: { id: DEVICE_ID, name: 'Main bar 1', locationId: LOCATION_ID },
    categories: [DRINKS, FOOD],
    products: [LAGER, CIDER, WATER, NACHOS, TOTE_BAG],
    promotions: [],
    wristbands: [],
    approvers: [],
    cursor: '7',
    hasMore: false,
    ...change,
  };
}
