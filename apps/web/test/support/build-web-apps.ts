import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const CONFIG_FILE = fileURLToPath(new URL('../../vite.config.ts', import.meta.url));

/**
 * Builds the web apps as `npm run build` does, into a fresh temp folder, so
 * test files running side by side never share (or wipe) one build, and a
 * test always serves the code of the tree it runs in. About 2 s.
 */
export async function buildWebApps(): Promise<string> {
  const outDir = join(mkdtempSync(join(tmpdir(), 'tabline-web-')), 'dist');
  await build({ configFile: CONFIG_FILE, logLevel: 'warn', build: { outDir } });
  return outDir;
}
