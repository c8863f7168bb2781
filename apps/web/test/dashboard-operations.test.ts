import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { checkDashboardPage } from './support/check-dashboard-page.ts';
import { openSection, signInToDashboard } from './support/dashboard-session.ts';
import { launchBrowser } from './support/launch-browser.ts';
import type { Browser } from './support/launch-browser.ts';
import { openTestPos } from './support/test-pos.ts';
import type { TestPos } from './support/test-pos.ts';
import { WEB_TEST_DATABASE, useWebStack } from './support/use-web-stack.ts';

const CATCH_UP = { timeout: 30_000, interval: 250 };
/** A band the demo event never issued: the server keeps its order, flagged, and charges no one. */
const UNKNOWN_BAND = 'TL9999';
const REASON = 'Band found at the bar, paid in cash';

/**
 * The organiser's back office: orders (the flagged one reviewed through the
 * page), and the orders' CSV downloaded through its button.
 */
describe('the dashboard: orders and exports', () => {
  const web = useWebStack(WEB_TEST_DATABASE);
  let browser: Browser;
  let page: Page;
  let pos: TestPos | undefined;
  const orderIds: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await browser.context.newPage();
  });
  afterAll(async () => {
    pos?.close();
    await browser?.close();
  });

  const count = async (sql: string, params: unknown[] = []) =>
    (await web.test.database.query<{ n: number }>(sql, params)).rows[0]!.n;
  const rows = () => page.getByTestId('orders').locator('tbody tr');

  it('lists a flagged order under review, and marks it reviewed with a reason', async () => {
    pos = await openTestPos(web, web.demo.deviceToken);
    for (const [band, product] of [
      ['TL0003', 'Lager'],
      ['TL0004', 'Burger'],
      ['TL0003', 'Cap'],
      [UNKNOWN_BAND, 'Lager'],
    ] as const) {
      orderIds.push(pos.order(band, product));
    }
    expect((await pos.engine.sync()).remaining).toBe(0);
    await vi.waitFor(
      async () =>
        expect(
          await count(`select count(*)::int8 as n from orders where status = 'processed'`),
        ).toBe(orderIds.length),
      CATCH_UP,
    );

    await signInToDashboard(page, web);
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'Orders 1 order needs review' })
      .waitFor();
    await openSection(page, 'Orders');
    const flaggedFilter = page.getByRole('button', { name: /^Flagged for review/ });
    await vi.waitFor(
      async () => expect(await flaggedFilter.getAttribute('aria-pressed')).toBe('true'),
      CATCH_UP,
    );
    await vi.waitFor(async () => expect(await rows().count()).toBe(1), CATCH_UP);
    const flagged = rows().first();
    expect(await flagged.innerText()).toContain('Unknown wristband, not charged');
    expect(await flagged.innerText()).toContain(UNKNOWN_BAND);
    await checkDashboardPage(page, 'dashboard-orders-flagged');

    await flagged.getByRole('button', { name: /^Mark reviewed: order / }).click();
    const dialog = page.getByRole('dialog', { name: /^Review order / });
    await dialog.getByLabel('Reason').fill(REASON);
    await checkDashboardPage(page, 'dashboard-order-review');
    await dialog.getByRole('button', { name: 'Mark reviewed' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('No orders need review').waitFor();
    const reviews = await web.test.database.query<{
      order_id: string;
      reason: string;
      flags: string[];
    }>('select order_id, reason, flags from order_reviews', []);
    expect(reviews.rows).toEqual([
      { order_id: orderIds.at(-1), reason: REASON, flags: ['wristband.unknown'] },
    ]);
  });

  it('lists every order, newest first, with the review beside the flagged one', async () => {
    await page.getByRole('button', { name: 'All orders' }).click();
    await vi.waitFor(async () => expect(await rows().count()).toBe(orderIds.length), CATCH_UP);
    const shown = await rows().evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-id')));
    expect(new Set(shown)).toEqual(new Set(orderIds));
    expect(await rows().filter({ hasText: UNKNOWN_BAND }).innerText()).toContain('reviewed by');
    await checkDashboardPage(page, 'dashboard-orders');

    await rows()
      .first()
      .getByRole('button', { name: /^Order / })
      .click();
    const details = page.getByRole('dialog', { name: /^Order / });
    await details.getByText('Processed').waitFor();
    await details.getByRole('button', { name: 'Close' }).click();
  });

  it('downloads the orders as CSV, a line per order', async () => {
    const downloaded = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download CSV' }).click();
    const download = await downloaded;
    expect(download.suggestedFilename()).toBe(`${web.demo.eventId}-orders.csv`);
    const csv = await readFile(await download.path(), 'utf8');
    const lines = csv.split('\r\n').filter((line) => line.length > 0);
    expect(lines).toHaveLength(1 + orderIds.length);
    for (const id of orderIds) expect(lines.filter((line) => line.includes(id))).toHaveLength(1);
  });
});
