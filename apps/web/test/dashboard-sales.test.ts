import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO } from '@tabline/server';
import { checkDashboardPage } from './support/check-dashboard-page.ts';
import { ownerSessionToken, signInToDashboard, staffRequest } from './support/dashboard-session.ts';
import { launchBrowser } from './support/launch-browser.ts';
import type { Browser } from './support/launch-browser.ts';
import { ledgerFigures, ordersWithSeveralLines } from './support/ledger-figures.ts';
import { readOverview } from './support/read-overview.ts';
import { saveScreenshot } from './support/save-screenshot.ts';
import { openTestPos, pairTestDevice } from './support/test-pos.ts';
import type { TestPos } from './support/test-pos.ts';
import { WEB_TEST_DATABASE, useWebStack } from './support/use-web-stack.ts';

const [MAIN_BAR, FOOD_COURT] = DEMO.locations;

/** How long the dashboard may take to show what the database has: a few polls. */
const CATCH_UP = { timeout: 20_000, interval: 250 };

describe('the dashboard overview', () => {
  const web = useWebStack(WEB_TEST_DATABASE);
  let browser: Browser;
  let page: Page;
  const pos: TestPos[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await browser.context.newPage();
  });
  afterAll(async () => {
    for (const device of pos) device.close();
    await browser?.close();
  });

  it('refuses a wrong password, then signs the owner in', async () => {
    await page.goto(`${web.stack.url}/dashboard/`);
    await checkDashboardPage(page, 'dashboard-sign-in');
    await page.getByLabel('Email').fill('owner@demo.tabline.test');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('The email or the password is wrong.').waitFor();
    await signInToDashboard(page, web);
    // A reload keeps the session (sessionStorage); signing out ends it.
    await page.reload();
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
  });

  it('shows totals, locations, products, hours and money at risk equal to the database', async () => {
    const owner = await ownerSessionToken(web);
    const mainBar = await openTestPos(web, web.demo.deviceToken);
    pos.push(mainBar);
    // The second device drains one order per sync, so its heartbeat reports
    // orders still on it: money at risk.
    const foodCourt = await openTestPos(
      web,
      await pairTestDevice(web, owner, { name: 'Food Court POS 2', locationId: FOOD_COURT.id }),
      { pushItemsMax: 1, pushBatchesPerSyncMax: 1 },
    );
    pos.push(foodCourt);
    const burger = mainBar.order('TL0004', 'Burger');
    mainBar.order('TL0003', 'Lager', 2);
    mainBar.order('TL0005', 'IPA', 3);
    mainBar.order('TL0006', 'Cap');
    mainBar.order('TL0007', 'Nachos', 2);
    expect((await mainBar.engine.sync()).remaining).toBe(0);
    foodCourt.order('TL0009', 'Burger', 2);
    foodCourt.order('TL0010', 'Fries');
    foodCourt.order('TL0011', 'T-shirt');
    foodCourt.order('TL0012', 'Cider');
    foodCourt.order('TL0013', 'Soft drink', 2);
    for (let push = 0; push < 4; push++) await foodCourt.engine.sync();
    expect(foodCourt.engine.status().backlogCount).toBe(1);
    // An idle sync sends a heartbeat: the main bar has nothing left at risk.
    expect((await mainBar.engine.sync()).error).toBeNull();

    const db = web.test.database;
    await vi.waitFor(async () => {
      const figures = await ledgerFigures(db, web.demo.eventId);
      expect(figures).toMatchObject({ orders: 9, pendingOrders: 0 });
    }, CATCH_UP);
    await staffRequest(
      web,
      owner,
      'POST',
      `/v1/events/${web.demo.eventId}/orders/${burger}/adjustments`,
      {
        body: { kind: 'refund', reason: 'Burger was cold', amountCents: 450 },
        idempotencyKey: randomUUID(),
        expected: 201,
      },
    );
    await vi.waitFor(async () => {
      const { rows } = await db.query<{ n: number }>(
        `select count(*)::int8 as n from ledger_entries where kind = 'refund'`,
      );
      expect(rows[0]!.n).toBe(1);
    }, CATCH_UP);
    expect(await ordersWithSeveralLines(db, web.demo.eventId)).toBe(0);

    const expected = await ledgerFigures(db, web.demo.eventId);
    expect(Object.keys(expected.byLocation).sort()).toEqual([FOOD_COURT.id, MAIN_BAR.id].sort());
    expect(expected.amountAtRiskCents).toBeGreaterThan(0);
    await vi.waitFor(async () => expect(await readOverview(page)).toEqual(expected), CATCH_UP);
    await checkDashboardPage(page, 'dashboard-overview');
  });

  it('says when the figures are stale, and recovers', async () => {
    await page.route('**/v1/events/*/sales', (route) => route.abort('connectionrefused'));
    await page.getByTestId('freshness').getByText('Connection problem').waitFor();
    await saveScreenshot(page, 'dashboard-overview-failing-tablet');
    await page.unroute('**/v1/events/*/sales');
    await page.getByTestId('freshness').getByText('Live').waitFor({ timeout: 40_000 });
  });

  it('picks another event of the organisation', async () => {
    const owner = await ownerSessionToken(web);
    await staffRequest(web, owner, 'POST', '/v1/events', {
      body: { name: 'Winter Fest', currency: 'EUR', timeZone: 'Europe/Berlin' },
      expected: 201,
    });
    await page.reload();
    const picker = page.getByLabel('Event');
    await picker.selectOption({ label: 'Winter Fest' });
    await page.getByTestId('net-sales').getByText('€0.00').waitFor();
    await page.getByText('No sales yet', { exact: false }).first().waitFor();
    await picker.selectOption({ label: DEMO.event.name });
    await page.getByTestId('net-sales').getByText('$').waitFor();
  });

  it('signs out, and the session no longer works', async () => {
    const token = await page.evaluate(
      () =>
        (JSON.parse(sessionStorage.getItem('tabline.dashboard.session')!) as { token: string })
          .token,
    );
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You are signed out.').waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await vi.waitFor(async () => {
      const answer = await fetch(`${web.stack.url}/v1/events`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(answer.status).toBe(401);
    }, CATCH_UP);
  });
});
