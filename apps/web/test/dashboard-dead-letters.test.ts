import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { JOB_SCHEMA } from '@tabline/database';
import { cryptoRandom, silentLogger, systemClock } from '@tabline/domain';
import { startWorkers } from '@tabline/workers';
import type { OrderProcessor, Workers } from '@tabline/workers';
import { unreachableSmsProvider } from '@tabline/testkit/test-stack';
import { checkDashboardPage } from './support/check-dashboard-page.ts';
import { openSection, signInToDashboard } from './support/dashboard-session.ts';
import { launchBrowser } from './support/launch-browser.ts';
import type { Browser } from './support/launch-browser.ts';
import { ledgerFigures } from './support/ledger-figures.ts';
import { dollarsToCents } from './support/read-overview.ts';
import { openTestPos } from './support/test-pos.ts';
import type { TestPos } from './support/test-pos.ts';
import { WEB_TEST_DATABASE, useWebStack } from './support/use-web-stack.ts';

/** Each job runs once and is retried once, at once, before it is dead-lettered. */
const RETRY_POLICY = { retryLimit: 1, retryDelay: 0, retryBackoff: false };
const FAILURE = "Cannot read properties of undefined (reading 'tabId')";
const CATCH_UP = { timeout: 30_000, interval: 250 };

/**
 * A bad deploy fails every order; the jobs are dead-lettered; a manager
 * sees why on the dashboard and, after the fix, redrives them: one, then
 * the rest. Every order is charged once.
 */
describe('the dashboard: dead letters', () => {
  const web = useWebStack(WEB_TEST_DATABASE, {
    workers: false,
    retryPolicies: { 'process-order': RETRY_POLICY },
  });
  let browser: Browser;
  let page: Page;
  let pos: TestPos | undefined;
  let workers: Workers | null = null;

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await browser.context.newPage();
  });
  afterAll(async () => {
    pos?.close();
    await workers?.stop();
    await browser?.close();
  });

  const runWorkers = (orderProcessor?: OrderProcessor) =>
    startWorkers({
      db: web.test.database,
      jobs: web.stack.jobs,
      ...(orderProcessor ? { orderProcessor } : {}),
      smsProvider: unreachableSmsProvider,
      clock: systemClock,
      random: cryptoRandom,
      logger: silentLogger,
      processOrder: { pollingIntervalSeconds: 0.5 },
      sendSms: { pollingIntervalSeconds: 0.5 },
    });
  const count = async (sql: string) =>
    (await web.test.database.query<{ n: number }>(sql, [])).rows[0]!.n;
  const deadOrderJobs = () =>
    count(
      `select count(*)::int8 as n from ${JOB_SCHEMA}.job where name = 'process-order-dead' and state = 'created'`,
    );
  const processedOrders = () =>
    count(`select count(*)::int8 as n from orders where status = 'processed'`);
  const rows = () => page.getByTestId('dead-letters').locator('tbody tr');

  it('lists the orders whose processing failed every retry, with the reason', async () => {
    workers = await runWorkers(() => Promise.reject(new TypeError(FAILURE)));
    pos = await openTestPos(web, web.demo.deviceToken);
    // One push per order, so one job per order.
    for (const [band, product] of [
      ['TL0003', 'Lager'],
      ['TL0004', 'Burger'],
      ['TL0006', 'Cap'],
    ] as const) {
      pos.order(band, product);
      expect((await pos.engine.sync()).remaining).toBe(0);
    }
    await vi.waitFor(async () => expect(await deadOrderJobs()).toBe(3), CATCH_UP);
    await workers.stop();
    workers = await runWorkers(); // the fix is deployed

    await signInToDashboard(page, web);
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'Dead letters 3 dead letters' })
      .waitFor();
    await openSection(page, 'Dead letters');
    await vi.waitFor(async () => expect(await rows().count()).toBe(3), CATCH_UP);
    expect(await rows().first().innerText()).toContain(FAILURE);
    await checkDashboardPage(page, 'dashboard-dead-letters');

    await rows()
      .first()
      .getByRole('button', { name: /^Order / })
      .click();
    const order = page.getByRole('dialog', { name: /^Order / });
    await order.getByText('Waiting to be processed').waitFor();
    await checkDashboardPage(page, 'dashboard-order');
    await order.getByRole('button', { name: 'Close' }).click();
  });

  it('redrives one, then the rest, and every order is charged once', async () => {
    await rows()
      .first()
      .getByRole('button', { name: /^Redrive job / })
      .click();
    const one = page.getByRole('dialog', { name: 'Redrive this job?' });
    await one.getByRole('button', { name: 'Redrive' }).click();
    await one.waitFor({ state: 'detached' });
    await page.getByText('1 job sent back to run again.').waitFor();
    await vi.waitFor(async () => expect(await processedOrders()).toBe(1), CATCH_UP);
    await vi.waitFor(async () => expect(await rows().count()).toBe(2), CATCH_UP);

    await page.getByRole('button', { name: 'Redrive all (2)' }).click();
    const all = page.getByRole('dialog', { name: 'Redrive 2 jobs?' });
    await all.getByRole('button', { name: 'Redrive' }).click();
    await page.getByText('No dead letters').waitFor();
    await vi.waitFor(async () => expect(await processedOrders()).toBe(3), CATCH_UP);
    expect(await count(`select count(*)::int8 as n from ledger_entries`)).toBe(3);
    expect(await deadOrderJobs()).toBe(0);
    await checkDashboardPage(page, 'dashboard-dead-letters-empty');

    const { netCents } = await ledgerFigures(web.test.database, web.demo.eventId);
    await openSection(page, 'Overview');
    await vi.waitFor(
      async () =>
        expect(dollarsToCents(await page.getByTestId('net-sales').innerText())).toBe(netCents),
      CATCH_UP,
    );
  });
});
