/**
 * The platforms the engine's suite runs against, kysely-style: every
 * behaviour test loops over this list. In Node it holds `node:sqlite` and
 * the file system; in a browser (Vitest's browser project) SQLite WASM on
 * OPFS, running in a Worker. The same test files run on both.
 */
import type { SqliteAdapter } from './test-platform.ts';

export type { SqliteAdapter } from './test-platform.ts';

const isBrowser = 'document' in globalThis;

export const ADAPTERS: readonly SqliteAdapter[] = [
  isBrowser
    ? (await import('./browser/browser-adapter.ts')).BROWSER_ADAPTER
    : (await import('./node/node-adapter.ts')).NODE_ADAPTER,
];

/** This platform's adapter, for support code that copies, damages or dumps store files. */
export const PLATFORM: SqliteAdapter = ADAPTERS[0]!;

/** This platform's raw file access. */
export const PLATFORM_FILES = PLATFORM.files;
