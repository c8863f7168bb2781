import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './support/launch-browser.ts';
import type { Browser } from './support/launch-browser.ts';
import { seriousAccessibilityViolations } from './support/check-accessibility.ts';
import { useWebStack } from './support/use-web-stack.ts';

describe('the web apps served by the API', () => {
  const web = useWebStack('pglite');
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('serves the POS and the dashboard on the API origin', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${web.stack.url}/pos/`);
    await expect(page.title()).resolves.toBe('Tabline POS');
    await page.goto(`${web.stack.url}/dashboard/`);
    await expect(page.title()).resolves.toBe('Tabline dashboard');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });
});
