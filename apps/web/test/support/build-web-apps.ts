import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const CONFIG_FILE = fileURLToPath(new URL('../../vite.config.ts', import.meta.url));

/** A build of the web apps, and how to remove it once served. */
export interface WebAppsBuild {
  readonly outDir: string;
  remove(): void;
}

/**
 * Builds the web apps as `npm run build` does, into a fresh temp folder, so
 * test files running side by side never share (or wipe) one build, and a
 * test always serves the code of the tree it runs in. About 2 s.
 *
 * Vitest sets NODE_ENV to `test`, and Vite builds for whatever NODE_ENV
 * says: React would then be its development build (strict mode's double
 * effects, slower renders), not what `npm start` serves. So the build runs
 * with NODE_ENV set to `production`, and the test's own value comes back.
 */
export async function buildWebApps(): Promise<WebAppsBuild> {
  const folder = mkdtempSync(join(tmpdir(), 'tabline-web-'));
  const outDir = join(folder, 'dist');
  const testNodeEnv = process.env['NODE_ENV'];
  process.env['NODE_ENV'] = 'production';
  try {
    await build({
      configFile: CONFIG_FILE,
      mode: 'production',
      logLevel: 'warn',
      build: { outDir },
    });
  } finally {
    process.env['NODE_ENV'] = testNodeEnv;
  }
  return { outDir, remove: () => rmSync(folder, { recursive: true, force: true }) };
}
