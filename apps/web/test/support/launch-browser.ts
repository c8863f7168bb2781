import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext } from 'playwright-core';

/** Debian's chromium (`.ci/run` installs it); never a browser a tool downloads. */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/**
 * Flags for a headless chromium on a machine with no network beyond
 * loopback: without the background-networking ones it keeps trying to reach
 * Google's services, and the sandbox needs privileges a CI runner lacks.
 */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Screen sizes the apps are checked and photographed at. */
export const VIEWPORTS = {
  tablet: { width: 1280, height: 800 },
  desktop: { width: 1600, height: 1000 },
} as const;

export type ViewportName = keyof typeof VIEWPORTS;

export interface Browser {
  readonly context: BrowserContext;
  /** Closes the browser and removes its profile. */
  close(): Promise<void>;
}

/**
 * A persistent chromium profile in a temp folder: persistent, so the
 * origin's storage (OPFS, the service worker, localStorage) lives as it
 * does on a tablet, across reloads and across `context.setOffline`.
 */
export async function launchBrowser(viewport: ViewportName = 'tablet'): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'tabline-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    viewport: VIEWPORTS[viewport],
    serviceWorkers: 'allow',
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
