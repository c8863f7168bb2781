import type { Page } from 'playwright-core';
import type { LedgerFigures } from './ledger-figures.ts';

/**
 * The figures the overview shows, read from the page as people read them
 * (the text on screen), with every amount turned back into cents: the
 * shape of `LedgerFigures`, to compare them whole.
 */
export async function readOverview(page: Page): Promise<LedgerFigures> {
  const text = (testId: string) => page.getByTestId(testId).innerText();
  const ranked = async (testId: string) => {
    const rows = await page
      .getByTestId(testId)
      .locator('li')
      .evaluateAll((items) =>
        items.map((item) => [
          item.getAttribute('data-id') ?? '',
          item.querySelector('.ranked-value')?.textContent ?? '',
        ]),
      );
    return Object.fromEntries(rows.map(([id, value]) => [id!, dollarsToCents(value!)]));
  };
  const hours = await page
    .getByTestId('sales-by-hour')
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((row) => [
        row.getAttribute('data-id') ?? '',
        row.querySelectorAll('td')[0]?.textContent ?? '',
      ]),
    );
  const atRisk = await page.getByTestId('money-at-risk-by-device').count();
  return {
    netCents: dollarsToCents(await text('net-sales')),
    orders: wholeNumber(await text('orders')),
    pendingOrders: wholeNumber(await text('pending-orders')),
    byLocation: await ranked('sales-by-location'),
    byProduct: await ranked('sales-by-product'),
    byHour: Object.fromEntries(
      hours.map(([hour, value]) => [new Date(hour!).toISOString(), dollarsToCents(value!)]),
    ),
    amountAtRiskCents: dollarsToCents(await text('money-at-risk')),
    atRiskByDevice: atRisk === 0 ? {} : await ranked('money-at-risk-by-device'),
  };
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
