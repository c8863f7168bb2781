import type { Locator, Page } from 'playwright-core';
import type { Figure, LedgerFigures } from './ledger-figures.ts';

/**
 * Every figure the overview shows, read from the page as people read it
 * (the text on screen), amounts turned back into cents and counts into
 * numbers: the shape of `LedgerFigures`, to compare them whole.
 */
export async function readOverview(page: Page): Promise<LedgerFigures> {
  const text = (testId: string) => page.getByTestId(testId).innerText();
  const detail = (testId: string) =>
    page.getByTestId(testId).locator('xpath=following-sibling::p[1]').innerText();
  const netCents = dollarsToCents(await text('net-sales'));
  // With nothing taken back, the card says so instead of "$0.00 voided or refunded".
  const netDetail = await detail('net-sales');
  const net = /^(\S+) charged, (\S+) voided or refunded$/.exec(netDetail);
  const nothingTakenBack = netDetail === 'charged to tabs, from the ledger';
  const processed = /^([\d,]+) processed$/.exec(await detail('orders'));
  const unsynced = /^([\d,]+) unsynced items? on/.exec(await detail('money-at-risk'));
  const atRisk = page.getByTestId('money-at-risk-by-device');
  return {
    netCents,
    chargedCents: nothingTakenBack ? netCents : dollarsToCents(net?.[1] ?? 'no figure'),
    takenBackCents: nothingTakenBack ? 0 : dollarsToCents(net?.[2] ?? 'no figure'),
    orders: wholeNumber(await text('orders')),
    processedOrders: wholeNumber(processed?.[1] ?? 'no figure'),
    pendingOrders: wholeNumber(await text('pending-orders')),
    byLocation: await rankedFigures(page.getByTestId('sales-by-location')),
    byProduct: await rankedFigures(page.getByTestId('sales-by-product')),
    byHour: await hourFigures(page),
    amountAtRiskCents: dollarsToCents(await text('money-at-risk')),
    backlogCount: unsynced ? wholeNumber(unsynced[1]!) : 0,
    atRiskByDevice: (await atRisk.count()) === 0 ? {} : await rankedFigures(atRisk),
  };
}

/** A ranking's items: each one's money and the count in its detail ("5 orders", "3 sold"). */
async function rankedFigures(list: Locator): Promise<Record<string, Figure>> {
  const items = await list.locator('li').evaluateAll((elements) =>
    elements.map((item) => ({
      id: item.getAttribute('data-id') ?? '',
      value: item.querySelector('.ranked-value')?.textContent ?? '',
      detail: item.querySelector('.ranked-detail')?.textContent ?? '',
    })),
  );
  return Object.fromEntries(
    items.map(({ id, value, detail }) => [
      id,
      { cents: dollarsToCents(value), count: wholeNumber(detail.split(' ')[0] ?? '') },
    ]),
  );
}

/** The hour table under the chart (in a closed disclosure: its text is read all the same). */
async function hourFigures(page: Page): Promise<Record<string, Figure>> {
  const rows = await page
    .getByTestId('sales-by-hour')
    .locator('tbody tr')
    .evaluateAll((elements) =>
      elements.map((row) => ({
        hour: row.getAttribute('data-id') ?? '',
        cells: [...row.querySelectorAll('td')].map((cell) => cell.textContent ?? ''),
      })),
    );
  return Object.fromEntries(
    rows.map(({ hour, cells }) => [
      new Date(hour).toISOString(),
      { cents: dollarsToCents(cells[0] ?? ''), count: wholeNumber(cells[1] ?? '') },
    ]),
  );
}

/** `$1,234.05` as 123405; anything else is not how the dashboard writes US dollars. */
export function dollarsToCents(text: string): number {
  const match = /^\$(\d{1,3}(?:,\d{3})*)\.(\d{2})$/.exec(text.trim());
  if (!match) throw new Error(`not an amount in dollars: ${JSON.stringify(text)}`);
  return Number(match[1]!.replaceAll(',', '')) * 100 + Number(match[2]);
}

function wholeNumber(text: string): number {
  if (!/^\d{1,3}(,\d{3})*$/.test(text.trim())) throw new Error(`not a count: ${text}`);
  return Number(text.replaceAll(',', ''));
}
