/**
 * The POS web app in a real chromium, against a real server, with the
 * dashboard open beside it as a manager has it: paired with a code the
 * dashboard shows, selling with the network off, surviving a reload
 * offline (service worker, SQLite WASM on OPFS), syncing when the network
 * returns and showing up in the dashboard's totals, showing the server's
 * refusals, refusing to sign out with a backlog, and refusing a band
 * blocked on the dashboard after its next pull.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO } from '@tabline/server';
import { seriousAccessibilityViolations } from './support/check-accessibility.ts';
import {
  openSection,
  ownerSessionToken,
  signInToDashboard,
  staffRequest,
} from './support/dashboard-session.ts';
import { ledgerFigures } from './support/ledger-figures.ts';
import { readOverview } from './support/read-overview.ts';
import { VIEWPORTS, launchBrowser } from './support/launch-browser.ts';
import type { Browser } from './support/launch-browser.ts';
import { saveScreenshot } from './support/save-screenshot.ts';
import { useWebStack } from './support/use-web-stack.ts';

const ORDERS_OFFLINE = 20;
const MAIN_BAR = DEMO.locations[0];
const MANAGER_PIN = '4821';

describe('the POS web app', () => {
  const web = useWebStack('pglite');
  let browser: Browser;
  /** The organiser's own browser: a desktop that stays online when the bar's tablet does not. */
  let office: Browser;
  let page: Page;
  let dashboard: Page;
  /** The owner's staff session, for what the test sets up through the API. */
  let staffToken: string;
  const backlog = () => page.getByTestId('backlog-count');

  beforeAll(async () => {
    staffToken = await ownerSessionToken(web);
    await staffRequest(web, staffToken, 'PUT', '/v1/staff/me/pin', {
      body: { pin: MANAGER_PIN },
      expected: 204,
    });
    browser = await launchBrowser('tablet');
    page = await browser.context.newPage();
    office = await launchBrowser('desktop');
    dashboard = await office.context.newPage();
    await signInToDashboard(dashboard, web);
  });
  afterAll(async () => {
    await browser?.close();
    await office?.close();
  });

  const sell = async (category: string, productName: string, wristband: string) => {
    await page.getByRole('tab', { name: category }).click();
    await page.getByRole('button', { name: new RegExp(`^${productName}`) }).click();
    await page.getByLabel('Wristband').fill(wristband);
    await page.getByRole('button', { name: /^Charge/ }).click();
  };
  const ordersOnServer = async () => {
    const { rows } = await web.test.database.query<{ n: number }>(
      'select count(*)::int as n from orders where event_id = $1',
      [web.demo.eventId],
    );
    return rows[0]!.n;
  };

  it('pairs with a code from the dashboard and fetches the menu', async () => {
    await openSection(dashboard, 'Devices');
    await dashboard.getByRole('button', { name: 'Pair a device' }).click();
    await dashboard.getByLabel('Device name').fill('Main Bar tablet 3');
    await dashboard.getByLabel('Location').selectOption({ label: MAIN_BAR.name });
    await dashboard.getByRole('button', { name: 'Get a pairing code' }).click();
    const code = await dashboard.getByTestId('pairing-code').innerText();
    await dashboard.getByRole('button', { name: 'Done' }).click();
    await page.goto(`${web.stack.url}/pos/`);
    await saveScreenshot(page, 'pos-pair-tablet');
    await page.getByLabel('Pairing code').fill(code);
    await page.getByRole('button', { name: 'Pair' }).click();
    await expect.poll(() => page.getByRole('tab', { name: 'Drinks' }).count()).toBe(1);
    await expect.poll(() => page.getByText('Main Bar tablet 3').count()).toBeGreaterThan(0);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it(`takes ${ORDERS_OFFLINE} orders with the network off, confirming each at once`, async () => {
    await page.context().setOffline(true);
    await expect.poll(() => page.getByTestId('connectivity').textContent()).toBe('Offline');
    const confirmMs: number[] = [];
    for (let i = 1; i <= ORDERS_OFFLINE; i++) {
      // The demo's TL0020 is a lost band: bands TL0001 to TL0019 serve.
      await sell(
        'Drinks',
        i % 2 === 0 ? 'Lager' : 'Water',
        `TL${String((i % 19) + 1).padStart(4, '0')}`,
      );
      const confirmation = page.getByTestId('confirmation');
      await expect.poll(() => confirmation.textContent()).toMatch(/^Order taken/);
      confirmMs.push(Number(await confirmation.getAttribute('data-confirm-ms')));
      await expect.poll(() => backlog().textContent()).toBe(String(i));
    }
    // Reported, not asserted: timing belongs to benchmarks (the issue's
    // target is 100 ms from tap to confirmation).
    console.log(`tap to confirmation, ms: ${confirmMs.join(' ')}`);
    await saveScreenshot(page, 'pos-offline-backlog-tablet');
    await page.setViewportSize(VIEWPORTS.desktop);
    await saveScreenshot(page, 'pos-offline-backlog-desktop');
    await page.setViewportSize(VIEWPORTS.tablet);
    expect(await ordersOnServer()).toBe(0);
  });

  it('finds all of them still queued after a reload with the network off', async () => {
    await page.reload();
    await expect
      .poll(() => backlog().textContent(), { timeout: 30_000 })
      .toBe(String(ORDERS_OFFLINE));
    await expect.poll(() => page.getByTestId('connectivity').textContent()).toBe('Offline');
  });

  it('refuses to sign out while anything is unsynced', async () => {
    const atRisk = (await page.getByTestId('amount-at-risk').textContent())!.replace('$', '');
    await page.getByRole('button', { name: 'Device' }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain(`${ORDERS_OFFLINE} work items worth ${atRisk} USD have not reached the server`);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => backlog().textContent()).toBe(String(ORDERS_OFFLINE));
  });

  it("syncs them when the network comes back, each once, and the dashboard's totals show them", async () => {
    await page.context().setOffline(false);
    await expect.poll(() => backlog().textContent(), { timeout: 30_000 }).toBe('0');
    expect(await ordersOnServer()).toBe(ORDERS_OFFLINE);
    await saveScreenshot(page, 'pos-synced-tablet');
    await openSection(dashboard, 'Overview');
    // Every figure on the overview equals the ledger once the orders are processed.
    await vi.waitFor(
      async () => {
        const expected = await ledgerFigures(web.test.database, web.demo.eventId);
        expect(expected.processedOrders).toBe(ORDERS_OFFLINE);
        expect(await readOverview(dashboard)).toEqual(expected);
      },
      { timeout: 30_000, interval: 250 },
    );
  });

  it("shows the server's reason when it refuses a refund made offline", async () => {
    await sell('Food', 'Burger', 'TL0005');
    const burgerOrder = async () =>
      (
        await web.test.database.query<{ id: string; total_cents: number }>(
          `select id, total_cents from orders
           where event_id = $1 and wristband_uid = 'TL0005' and total_cents >= 1000`,
          [web.demo.eventId],
        )
      ).rows[0];
    await expect.poll(burgerOrder, { timeout: 30_000 }).toBeDefined();
    const order = await burgerOrder();
    await page.context().setOffline(true);
    await page.getByRole('button', { name: 'Orders' }).click();
    await page.getByRole('button', { name: 'Void or refund' }).first().click();
    await page.getByLabel('Refund an amount').check();
    const cents = order!.total_cents;
    await page
      .getByRole('textbox', { name: 'Amount' })
      .fill(`${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`);
    await page.getByLabel('Reason').fill('Burger dropped');
    await page.getByLabel('Manager PIN').fill(MANAGER_PIN);
    await page.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => backlog().textContent()).toBe('1');
    await page.getByRole('button', { name: 'Close' }).click();
    // Meanwhile a manager refunded the whole order online, from the dashboard.
    await staffRequest(
      web,
      staffToken,
      'POST',
      `/v1/events/${web.demo.eventId}/orders/${order!.id}/adjustments`,
      {
        body: { kind: 'void', reason: 'Refunded at the office' },
        expected: 201,
        idempotencyKey: randomUUID(),
      },
    );
    await page.context().setOffline(false);
    await expect.poll(() => backlog().textContent(), { timeout: 30_000 }).toBe('0');
    await page.getByRole('button', { name: /^Rejected/ }).click();
    const rejected = page.getByRole('list', { name: 'Rejected items' });
    await expect.poll(() => rejected.textContent()).toMatch(/adjustment\.|already|left|voided/i);
    await saveScreenshot(page, 'pos-rejected-tablet');
    await page.getByRole('button', { name: 'Close' }).click();
  });

  it('refuses a band blocked on the dashboard after its next pull', async () => {
    await openSection(dashboard, 'Attendees');
    await dashboard.getByLabel('Name, phone or wristband code').fill('guest 7');
    await dashboard.getByRole('link', { name: /^Guest 7\b/ }).click();
    const band = dashboard.getByTestId('wristbands').locator('tr', { hasText: 'TL0007' });
    await band.getByRole('button', { name: 'Block TL0007 as lost' }).click();
    await dashboard
      .getByRole('dialog', { name: 'Block wristband TL0007?' })
      .getByRole('button', { name: 'Block wristband' })
      .click();
    await band.getByText('Blocked').waitFor();
    await page.getByRole('button', { name: 'Device' }).click();
    await page.getByRole('button', { name: 'Refresh menu' }).click();
    await expect
      .poll(() => page.getByRole('status').allTextContents())
      .toContainEqual(expect.stringMatching(/up to date/));
    await page.getByRole('button', { name: 'Close' }).click();
    const before = await ordersOnServer();
    await page.getByRole('tab', { name: 'Drinks' }).click();
    await page.getByRole('button', { name: /^Lager/ }).click();
    await page.getByLabel('Wristband').fill('TL0007');
    await expect
      .poll(() => page.getByRole('alert').allTextContents())
      .toContainEqual(expect.stringMatching(/Blocked wristband/));
    expect(await page.getByRole('button', { name: /^Charge/ }).isDisabled()).toBe(true);
    await saveScreenshot(page, 'pos-blocked-band-tablet');
    await page.setViewportSize(VIEWPORTS.desktop);
    await saveScreenshot(page, 'pos-blocked-band-desktop');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(await backlog().textContent()).toBe('0');
    expect(await ordersOnServer()).toBe(before);
  });
});
