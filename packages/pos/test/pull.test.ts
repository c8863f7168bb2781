import { describe, expect, it } from 'vitest';
import { ADAPTERS } from './support/adapters.ts';
import {
  CIDER,
  DEVICE_ID,
  DRINKS,
  EVENT_ID,
  FOOD,
  LAGER,
  LOCATION_ID,
  NACHOS,
  TOTE_BAG,
  WATER,
  catalogPage,
} from './support/catalog.ts';
import { LEON, MAYA, approverRecord } from './support/approvers.ts';
import { START_MS } from './support/manual-clock.ts';
import { openPosHarness } from './support/pos-harness.ts';
import type { Tunables } from './support/pos-harness.ts';
import {
  NETWORK_DOWN,
  failWith,
  pageAnswer,
  respondWith,
} from './support/scripted-sync-transport.ts';
import { useTempDir } from './support/temp-dir.ts';

/** The whole catalog in three pages: categories, then drinks, then the rest. */
const threePages = [
  catalogPage({ categories: [DRINKS, FOOD], products: [], cursor: '2', hasMore: true }),
  catalogPage({ categories: [], products: [LAGER, CIDER, WATER], cursor: '5', hasMore: true }),
  catalogPage({ categories: [], products: [NACHOS, TOTE_BAG], cursor: '7', hasMore: false }),
];

for (const adapter of ADAPTERS) {
  describe(`pulling the catalog on ${adapter.name}`, () => {
    const tempDir = useTempDir();
    const open = (tunables: Tunables = {}) => openPosHarness(adapter, tempDir(), tunables);

    it('applies the catalog, the event and device facts and the cursor', async () => {
      const harness = open();
      harness.transport.answerPulls(pageAnswer(catalogPage()));

      const report = await harness.engine.pull();

      expect(report).toEqual({
        pages: 1,
        categories: 2,
        products: 5,
        promotions: 0,
        wristbands: 0,
        approvers: 0,
        cursor: '7',
        complete: true,
        error: null,
      });
      expect(harness.engine.deviceInfo()).toEqual({
        eventId: EVENT_ID,
        eventName: 'Summer Fest',
        currency: 'USD',
        timeZone: 'America/New_York',
        deviceId: DEVICE_ID,
        deviceName: 'Main bar 1',
        locationId: LOCATION_ID,
        catalogCursor: '7',
        catalogPulledAt: START_MS,
      });
      expect(harness.engine.menu().categories.map((category) => category.name)).toEqual([
        'Drinks',
        'Food',
      ]);
    });

    it('reads pages until there are no more, sending back each cursor and the page size', async () => {
      const harness = open({ pullPageSize: 3 });
      harness.transport.answerPulls(...threePages.map(pageAnswer));

      const report = await harness.engine.pull();

      expect(report).toMatchObject({
        pages: 3,
        categories: 2,
        products: 5,
        cursor: '7',
        complete: true,
      });
      expect(harness.transport.pulls).toEqual([
        { limit: '3' },
        { cursor: '2', limit: '3' },
        { cursor: '5', limit: '3' },
      ]);
      expect(harness.count('products')).toBe(5);
    });

    it('asks only for changes since the stored cursor on the next pull', async () => {
      const harness = open();
      await harness.pullCatalog();
      harness.transport.answerPulls(
        pageAnswer(catalogPage({ categories: [], products: [], cursor: '7' })),
      );

      expect(await harness.engine.pull()).toMatchObject({ products: 0, cursor: '7', error: null });
      expect(harness.transport.pulls.at(-1)).toEqual({ cursor: '7', limit: '1000' });
    });

    it('applies nothing when a page fails, and the next pull starts from the same cursor', async () => {
      const harness = open();
      harness.transport.answerPulls(
        pageAnswer(threePages[0]!),
        pageAnswer(threePages[1]!),
        failWith(NETWORK_DOWN),
      );

      const failed = await harness.engine.pull();

      expect(failed).toEqual({
        pages: 2,
        categories: 0,
        products: 0,
        promotions: 0,
        wristbands: 0,
        approvers: 0,
        cursor: null,
        complete: false,
        error: NETWORK_DOWN,
      });
      expect(harness.count('categories') + harness.count('products')).toBe(0);
      expect(harness.engine.deviceInfo()).toBeNull();

      harness.transport.answerPulls(...threePages.map(pageAnswer));
      expect(await harness.engine.pull()).toMatchObject({ cursor: '7', error: null });
      expect(harness.transport.pulls.at(-3)).toEqual({ limit: '1000' });
    });

    it('applies nothing when a page does not match the protocol', async () => {
      const harness = open();
      await harness.pullCatalog();
      harness.transport.answerPulls(
        pageAnswer(
          catalogPage({ products: [{ ...LAGER, priceCents: 1 }], cursor: '8', hasMore: true }),
        ),
        respondWith({ ...catalogPage(), products: [{ ...LAGER, priceCents: 12.5 }] }),
      );

      const report = await harness.engine.pull();

      expect(report).toMatchObject({ error: { kind: 'invalid-response' }, cursor: '7' });
      expect(harness.db.get('SELECT price_cents FROM products WHERE id = ?', [LAGER.id])).toEqual({
        price_cents: 650,
      });
      expect(harness.engine.deviceInfo()?.catalogCursor).toBe('7');
    });

    it("replaces the approving managers with the last page's list, on every pull", async () => {
      const harness = open();
      const [maya, leon] = [await approverRecord(MAYA), await approverRecord(LEON)];
      harness.transport.answerPulls(
        pageAnswer({ ...threePages[0]!, approvers: [maya] }),
        pageAnswer({ ...threePages[1]!, approvers: [maya] }),
        pageAnswer({ ...threePages[2]!, approvers: [maya, leon] }),
      );
      expect(await harness.engine.pull()).toMatchObject({ approvers: 2, error: null });
      expect(harness.engine.approvers().map((approver) => approver.name)).toEqual([
        LEON.name,
        MAYA.name,
      ]);

      // A pull with no catalog change still brings the list: Leon left.
      await harness.pullCatalog(
        catalogPage({ categories: [], products: [], approvers: [leon], cursor: '7' }),
      );
      expect(harness.engine.approvers()).toEqual([
        { staffUserId: LEON.staffUserId, name: LEON.name },
      ]);
      expect(harness.db.all('SELECT pin_key_id, iterations FROM approvers')).toEqual([
        { pin_key_id: LEON.pinKeyId, iterations: leon.iterations },
      ]);
      await harness.pullCatalog(catalogPage({ categories: [], products: [], cursor: '7' }));
      expect(harness.engine.approvers()).toEqual([]);
    });

    it('refuses a page that lists a manager twice, and keeps the list it held', async () => {
      const harness = open();
      const maya = await approverRecord(MAYA);
      await harness.pullCatalog(catalogPage({ approvers: [maya] }));
      harness.transport.answerPulls(
        pageAnswer(
          catalogPage({ approvers: [maya, { ...maya, name: 'Maya again' }], cursor: '8' }),
        ),
      );

      const report = await harness.engine.pull();

      expect(report).toMatchObject({ error: { kind: 'invalid-response' }, cursor: '7' });
      expect(report.error?.message).toMatch(/manager twice/);
      expect(harness.engine.approvers()).toEqual([
        { staffUserId: MAYA.staffUserId, name: MAYA.name },
      ]);
    });

    it('refuses a page that says there is more without moving its cursor', async () => {
      const harness = open();
      harness.transport.answerPulls(
        pageAnswer(catalogPage({ cursor: '3', hasMore: true })),
        pageAnswer(catalogPage({ cursor: '3', hasMore: true })),
      );
      const report = await harness.engine.pull();
      expect(report).toMatchObject({ pages: 1, error: { kind: 'invalid-response' } });
      expect(report.error?.message).toMatch(/did not move/);
    });

    it('refuses a cursor too large to record as a catalog version', async () => {
      const harness = open();
      harness.transport.answerPulls(pageAnswer(catalogPage({ cursor: '999999999999999999' })));
      expect(await harness.engine.pull()).toMatchObject({ error: { kind: 'invalid-response' } });
      expect(harness.engine.deviceInfo()).toBeNull();
    });

    it('marks records taken off the menu inactive and keeps them', async () => {
      const harness = open();
      await harness.pullCatalog();
      await harness.pullCatalog(
        catalogPage({
          categories: [{ ...FOOD, active: false }],
          products: [{ ...CIDER, active: false }],
          cursor: '9',
        }),
      );

      const menu = harness.engine.menu();
      expect(menu.categories.map((category) => category.name)).toEqual(['Drinks']);
      expect(menu.categories[0]?.products.map((product) => product.name)).toEqual([
        'Lager',
        'Water',
      ]);
      expect(
        harness.db.all('SELECT name, active FROM products WHERE id IN (?, ?) ORDER BY name', [
          CIDER.id,
          NACHOS.id,
        ]),
      ).toEqual([
        { name: 'Cider', active: 0 },
        { name: 'Nachos', active: 1 },
      ]);
      expect(harness.count('categories')).toBe(2);
    });

    it('stops at pullPagesMax, applies what it read and says the catalog is not complete', async () => {
      const harness = open({ pullPagesMax: 2 });
      harness.transport.answerPulls(pageAnswer(threePages[0]!), pageAnswer(threePages[1]!));

      const first = await harness.engine.pull();

      expect(first).toEqual({
        pages: 2,
        categories: 2,
        products: 3,
        promotions: 0,
        wristbands: 0,
        approvers: 0,
        cursor: '5',
        complete: false,
        error: null,
      });
      harness.transport.answerPulls(pageAnswer(threePages[2]!));
      expect(await harness.engine.pull()).toMatchObject({
        pages: 1,
        products: 2,
        cursor: '7',
        complete: true,
      });
      expect(harness.transport.pulls.at(-1)).toEqual({ cursor: '5', limit: '1000' });
    });

    it('runs one pull at a time: a second call while one runs shares it', async () => {
      const harness = open();
      harness.transport.answerPulls(pageAnswer(catalogPage()));
      const first = harness.engine.pull();
      const second = harness.engine.pull();
      expect(second).toBe(first);
      expect(await first).toMatchObject({ error: null });
      expect(harness.transport.pulls).toHaveLength(1);
    });
  });
}
