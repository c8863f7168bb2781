import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

/**
 * Where the browser tests leave their screenshots (`test-results/` is
 * ignored by git): look at them after a run to see the apps as users do.
 */
export const SCREENSHOT_DIR = fileURLToPath(
  new URL('../../../../test-results/screenshots', import.meta.url),
);

/** Saves a full-page screenshot as `<name>.png` and returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
