import { createSeededRandom } from '@tabline/domain';
import type { Random } from '@tabline/domain';
import type { PosEngine } from '@tabline/pos';

/** The offline spending limit of bench events: high enough for 100,000 queued orders. */
export const BENCH_OFFLINE_LIMIT_CENTS = 10_000_000_000;

/**
 * Places `count` orders of one to three items on a POS that has pulled its
 * catalog, seeded so every run places the same orders (pass one `random` to
 * several calls to continue one sequence). Returns each order's latency.
 */
export function placeBenchOrders(
  engine: PosEngine,
  count: number,
  bands: readonly string[],
  random: Random = createSeededRandom(1),
): number[] {
  const menu = engine.menu().categories.flatMap((category) => category.products);
  const latenciesMs: number[] = [];
  for (let i = 0; i < count; i++) {
    const items = new Map<string, number>();
    const lines = 1 + Math.floor(random.next() * 3);
    for (let line = 0; line < lines; line++) {
      const product = menu[Math.floor(random.next() * menu.length)]!;
      items.set(product.id, (items.get(product.id) ?? 0) + 1 + Math.floor(random.next() * 2));
    }
    const band = bands[i % bands.length]!;
    const started = performance.now();
    const result = engine.placeOrder({
      wristbandUid: band,
      items: [...items].map(([productId, quantity]) => ({ productId, quantity })),
    });
    latenciesMs.push(performance.now() - started);
    if (!result.ok) throw new Error(`bench order refused: ${result.error.message}`);
  }
  return latenciesMs;
}
