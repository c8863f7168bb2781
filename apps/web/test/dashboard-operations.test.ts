import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import type { QueueStatus, SmsStatus } from '@tabline/protocol';
import { checkDashboardPage } from './support/check-dashboard-page.ts';
import {
  openSection,
  ownerSessionToken,
  signInToDashboard,
  staffRequest,
} from './support/dashboard-session.ts';
import { launchBrowser } from './support/launch-browser.ts';
import type { Browser } from './support/launch-browser.ts';
import { dollarsToCents } from './support/read-overview.ts';
import { openTestPos } from './support/test-pos.ts';
import type { TestPos } from './support/test-pos.ts';
import { WEB_TEST_DATABASE, useWebStack } from './support/use-web-stack.ts';

const CATCH_UP = { timeout: 30_000, interval: 250 };
/** A band the demo event never issued: the server keeps its order, flagged, and charges no one. */
const UNKNOWN_BAND = 'TL9999';
const REASON = 'Band found at the bar, paid in cash';

/**
 * The organiser's back office: orders (the flagged one reviewed through the
 * page), tabs against their ledger, the queues and texts against the API,
 * and the orders' CSV downloaded through its button.
 */
describe('the dashboard: orders, tabs, operations and exports', () => {
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
    expect(csv.charCodeAt(0)).toBe(0xfeff); // the byte-order mark Excel needs, kept by the download
    const lines = csv
      .slice(1)
      .split('\r\n')
      .filter((line) => line.length > 0);
    expect(lines).toHaveLength(1 + orderIds.length);
    for (const id of orderIds) expect(lines.filter((line) => line.includes(id))).toHaveLength(1);
  });

  it("finds a tab by its band, its balance the sum of the tab's ledger entries", async () => {
    await openSection(page, 'Tabs');
    const tabs = page.getByTestId('tabs').locator('tbody tr');
    await vi.waitFor(async () => expect(await tabs.count()).toBe(2), CATCH_UP);
    await checkDashboardPage(page, 'dashboard-tabs');
    await page.getByLabel('Name or wristband code').fill('TL0003');
    await vi.waitFor(async () => expect(await tabs.count()).toBe(1), CATCH_UP);
    const tabId = await tabs.first().getAttribute('data-id');
    const ledgerCents = await count(
      'select coalesce(sum(amount_cents), 0)::int8 as n from ledger_entries where tab_id = $1',
      [tabId],
    );
    expect(ledgerCents).toBeGreaterThan(0);
    expect(dollarsToCents(await tabs.first().getByTestId('tab-balance').innerText())).toBe(
      Number(ledgerCents),
    );
  });

  it('shows the queues and the texts as the API counts them', async () => {
    const token = await ownerSessionToken(web);
    const base = `/v1/events/${web.demo.eventId}`;
    await openSection(page, 'Operations');
    const cell = (queue: string, field: string) =>
      page.locator(`[data-queue="${queue}"] [data-field="${field}"]`).innerText();
    const smsCount = (state: string) =>
      page.getByTestId('sms-counts').locator(`[data-state="${state}"] dd`).innerText();
    // The page and the API are read at nearly the same moment; texts may still move between states.
    await vi.waitFor(async () => {
      const queues = await staffRequest<QueueStatus>(web, token, 'GET', `${base}/queues`);
      expect(await page.getByTestId('tab-discrepancies').innerText()).toBe(
        String(queues.tabDiscrepancies),
      );
      for (const depth of queues.queues) {
        for (const field of ['queued', 'delayed', 'retrying', 'active', 'deadLetters'] as const) {
          expect(await cell(depth.queue, field)).toBe(depth[field].toLocaleString('en-US'));
        }
      }
      const sms = await staffRequest<SmsStatus>(web, token, 'GET', `${base}/sms`);
      for (const [state, n] of Object.entries(sms.counts)) {
        expect(await smsCount(state)).toBe(n.toLocaleString('en-US'));
      }
    }, CATCH_UP);
    await checkDashboardPage(page, 'dashboard-operations');
  });
});
