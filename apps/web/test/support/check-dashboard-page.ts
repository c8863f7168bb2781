import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { seriousAccessibilityViolations } from './check-accessibility.ts';
import { VIEWPORTS } from './launch-browser.ts';
import type { ViewportName } from './launch-browser.ts';
import { saveScreenshot } from './save-screenshot.ts';

/**
 * Checks the page as it is at both screen sizes the dashboard is made for:
 * axe finds no serious or critical violation, nothing scrolls sideways, and
 * a screenshot `<name>-tablet.png` and `<name>-desktop.png` is saved. The
 * page is left at tablet size.
 */
export async function checkDashboardPage(page: Page, name: string): Promise<void> {
  for (const viewport of Object.keys(VIEWPORTS) as ViewportName[]) {
    await page.setViewportSize(VIEWPORTS[viewport]);
    // Layout settles on the next frame after a resize.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    expect(await horizontalOverflowPx(page), `${name} scrolls sideways at ${viewport}`).toBe(0);
    await saveScreenshot(page, `${name}-${viewport}`);
  }
  await page.setViewportSize(VIEWPORTS.tablet);
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
}

/** How far the page is wider than the window (0 when it fits). */
function horizontalOverflowPx(page: Page): Promise<number> {
  return page.evaluate(() =>
    Math.max(0, document.documentElement.scrollWidth - document.documentElement.clientWidth),
  );
}
