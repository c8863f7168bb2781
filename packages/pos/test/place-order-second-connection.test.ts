/**
 * A second connection to a store's database, as a tool inspecting the file
 * would open one. Only Node has them: the browser's storage gives each
 * file one connection at a time (`src/browser/wasm-sqlite-database.ts`),
 * so this file stays out of the browser project (vitest.config.ts).
 */
import { describe, expect, it } from 'vitest';
import { ADAPTERS } from './support/adapters.ts';
import { LAGER } from './support/catalog.ts';
import { openPosHarness } from './support/pos-harness.ts';
import { useTempDir } from './support/temp-dir.ts';

for (const adapter of ADAPTERS) {
  describe(`placing an order beside a second connection on ${adapter.name}`, () => {
    const tempDir = useTempDir();

    it('prices with what another connection committed to the catalog since the last order', async () => {
      const harness = openPosHarness(adapter, tempDir());
      await harness.pullCatalog();
      const oneLager = { wristbandUid: 'TL0001', items: [{ productId: LAGER.id, quantity: 1 }] };
      const before = harness.engine.placeOrder(oneLager);
      const other = adapter.open(harness.path);
      other.run('UPDATE products SET price_cents = 800 WHERE id = ?', [LAGER.id]);
      other.close();

      const after = harness.engine.placeOrder(oneLager);

      expect(before.ok && before.value.totalCents).toBe(650);
      expect(after.ok && after.value.totalCents).toBe(800);
    });
  });
}
