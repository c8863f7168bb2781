import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { PUSH_PATH } from '@tabline/protocol';
import type { Heartbeat } from '@tabline/protocol';
import { DEMO } from '@tabline/server';
import { checkDashboardPage } from './support/check-dashboard-page.ts';
import { openSection, signInToDashboard } from './support/dashboard-session.ts';
import { launchBrowser } from './support/launch-browser.ts';
import type { Browser } from './support/launch-browser.ts';
import { dollarsToCents } from './support/read-overview.ts';
import { openTestPos, pairWithCode } from './support/test-pos.ts';
import type { TestPos } from './support/test-pos.ts';
import { WEB_TEST_DATABASE, useWebStack } from './support/use-web-stack.ts';

const CATCH_UP = { timeout: 20_000, interval: 250 };
const MINUTE_MS = 60_000;

describe('the dashboard: devices, attendees and wristbands', () => {
  const web = useWebStack(WEB_TEST_DATABASE);
  let browser: Browser;
  let page: Page;
  let pos: TestPos | undefined;

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await browser.context.newPage();
    await signInToDashboard(page, web);
  });
  afterAll(async () => {
    pos?.close();
    await browser?.close();
  });

  /** A device's own report of itself, as a POS sends with every push. */
  const sendHeartbeat = async (deviceToken: string, heartbeat: Heartbeat) => {
    const response = await fetch(web.stack.url + PUSH_PATH, {
      method: 'POST',
      headers: { authorization: `Bearer ${deviceToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ items: [], heartbeat }),
    });
    expect(response.status).toBe(200);
  };
  const deviceRow = (name: string) =>
    page.getByTestId('devices').locator('tbody tr').filter({ hasText: name });

  it('pairs a device with a code shown on screen, then shows its backlog, money at risk and alerts', async () => {
    await openSection(page, 'Devices');
    await page.getByRole('heading', { name: 'Devices', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Pair a device' }).click();
    await page.getByLabel('Device name').fill('Stage POS 1');
    await page.getByLabel('Location').selectOption({ label: DEMO.locations[0].name });
    await page.getByRole('button', { name: 'Get a pairing code' }).click();
    const code = await page.getByTestId('pairing-code').innerText();
    expect(code).toMatch(/^[0-9A-Z]{4}-?[0-9A-Z]{4}$/);
    await page.getByText(/Works once, until \d\d:\d\d/).waitFor();
    await checkDashboardPage(page, 'dashboard-pairing-code');
    await page.getByRole('button', { name: 'Done' }).click();

    // The tablet types the code in: it is paired, and reports 4 sales it
    // has held for 9 minutes, with its clock 7 minutes fast.
    const token = await pairWithCode(web, code);
    await deviceRow('Stage POS 1').getByText('Not seen yet').waitFor();
    await sendHeartbeat(token, {
      appVersion: '0.1.0',
      deviceTime: new Date(Date.now() + 7.5 * MINUTE_MS).toISOString(),
      backlogCount: 4,
      amountAtRiskCents: 5650,
      oldestQueuedAgeMs: 9 * MINUTE_MS,
    });
    const row = deviceRow('Stage POS 1');
    await row.getByText('Online').waitFor();
    await row.getByText('Clock 7 min ahead').waitFor();
    await row.getByText('Unsynced for 9 min').waitFor();
    expect(await row.locator('td').nth(3).innerText()).toBe('$56.50');
    await vi.waitFor(async () => {
      expect(dollarsToCents(await page.getByTestId('fleet-money-at-risk').innerText())).toBe(
        await moneyAtRiskCents(),
      );
      expect(await page.getByTestId('fleet-alerts').innerText()).toBe('1');
    }, CATCH_UP);
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'Devices 1 device with alerts' })
      .waitFor();
    await checkDashboardPage(page, 'dashboard-devices');
  });

  it('revokes a device after warning of the sales it still holds', async () => {
    await deviceRow('Stage POS 1').getByRole('button', { name: 'Revoke Stage POS 1' }).click();
    const dialog = page.getByRole('dialog', { name: 'Revoke Stage POS 1?' });
    await dialog.getByText('It still holds 4 unsynced items, sales worth $56.50').waitFor();
    await checkDashboardPage(page, 'dashboard-revoke-device');
    await dialog.getByRole('button', { name: 'Revoke device' }).click();
    await dialog.waitFor({ state: 'detached' });
    await deviceRow('Stage POS 1').getByText('Revoked', { exact: true }).waitFor();
    await deviceRow('Stage POS 1').getByText('Revoked holding 4 unsynced').waitFor();
    const { rows } = await web.test.database.query<{ live: number }>(
      `select count(*) filter (where t.revoked_at is null)::int8 as live
       from device_tokens t join devices d on d.id = t.device_id where d.name = $1`,
      ['Stage POS 1'],
    );
    expect(rows[0]!.live).toBe(0);
  });

  it('finds an attendee, blocks their lost wristband, and the POS refuses it after its next pull', async () => {
    pos = await openTestPos(web, web.demo.deviceToken);
    pos.order('TL0007', 'Lager');

    await openSection(page, 'Attendees');
    await page.getByLabel('Name, phone or wristband code').fill('guest 7');
    await page.getByRole('link', { name: /^Guest 7\b/ }).click();
    const band = page.getByTestId('wristbands').locator('tr', { hasText: 'TL0007' });
    await band.getByText('Active').waitFor();
    await checkDashboardPage(page, 'dashboard-attendee');

    await band.getByRole('button', { name: 'Block TL0007 as lost' }).click();
    const dialog = page.getByRole('dialog', { name: 'Block wristband TL0007?' });
    await checkDashboardPage(page, 'dashboard-block-wristband');
    await dialog.getByRole('button', { name: 'Block wristband' }).click();
    await dialog.waitFor({ state: 'detached' });
    await band.getByText('Blocked').waitFor();
    const { rows } = await web.test.database.query<{ status: string }>(
      'select status from wristbands where event_id = $1 and uid = $2',
      [web.demo.eventId, 'TL0007'],
    );
    expect(rows[0]!.status).toBe('blocked');

    expect((await pos.engine.pull()).error).toBeNull();
    const refused = pos.engine.placeOrder({
      wristbandUid: 'TL0007',
      items: [{ productId: DEMO.products[0].id, quantity: 1 }],
    });
    expect(refused.ok ? null : refused.error.code).toBe('wristband.blocked');

    // Its code, typed as a person would, finds the band and says it is blocked.
    await page.getByLabel('Name, phone or wristband code').fill('tl-0007');
    await page.getByText('Wristband TL0007').waitFor();
    await page.locator('.band-match').getByText('Blocked').waitFor();
  });

  /** What the fleet's last heartbeats say is at risk, from the database. */
  async function moneyAtRiskCents(): Promise<number> {
    const { rows } = await web.test.database.query<{ cents: number }>(
      `select coalesce(sum(amount_at_risk_cents), 0)::int8 as cents from devices where event_id = $1`,
      [web.demo.eventId],
    );
    return rows[0]!.cents;
  }
});
