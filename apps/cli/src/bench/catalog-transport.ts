import type { SyncTransport } from '@tabline/pos';
import type { PullResponse } from '@tabline/protocol';

/** A POS catalog for benchmarks: three categories, twelve products. */
export function benchCatalog(): PullResponse {
  const id = (n: number) => `00000000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;
  const categories = [1, 2, 3].map((n) => ({
    id: id(n),
    name: `Category ${n}`,
    position: n,
    active: true,
  }));
  const products = Array.from({ length: 12 }, (_, i) => ({
    id: id(0x100 + i),
    categoryId: id(1 + (i % 3)),
    name: `Product ${i + 1}`,
    priceCents: 250 + 125 * i,
    position: i,
    active: true,
  }));
  return {
    event: {
      id: id(0x10),
      name: 'Bench Fest',
      currency: 'USD',
      timeZone: 'UTC',
      offlineSpendingLimitCents: 10_000_000,
      offlineWarningSeconds: 1800,
    },
    device: { id: id(0x20), name: 'Bench POS', locationId: null },
    categories,
    products,
    promotions: [],
    wristbands: [],
    approvers: [],
    cursor: '100',
    hasMore: false,
  };
}

/** Answers pulls with the bench catalog; pushes never happen in these runs. */
export function catalogOnlyTransport(catalog: PullResponse): SyncTransport {
  return {
    pull: () => Promise.resolve({ ok: true, value: catalog }),
    push: () =>
      Promise.resolve({ ok: false, error: { kind: 'network', message: 'offline bench' } }),
  };
}
