import { playwright } from '@vitest/browser-playwright';
import { configDefaults, defineConfig } from 'vitest/config';
import { CHROMIUM_PROFILE_DIR } from './vitest-chromium-profile.ts';

/**
 * Test files of the POS engine that stay in Node: each needs what a browser
 * page does not have. Everything else in packages/pos/test runs in both
 * projects, on each platform's adapter (packages/pos/test/support/adapters.ts).
 */
const NODE_ONLY_POS_TESTS = [
  // Child processes killed with SIGKILL, and a real server (Fastify on PGlite).
  'packages/pos/test/crash.test.ts',
  // Child processes killed with SIGKILL right after the engine answered
  // (the browser's counterpart is test/browser/worker-termination.test.ts).
  'packages/pos/test/durability-sigkill.test.ts',
  // The simulator's deferred-commit fault: child processes killed, and a
  // second connection reading the file the engine holds, which the
  // browser's storage refuses.
  'packages/pos/test/fault-defer-commit.test.ts',
  // The HTTP transport against a real node:http server.
  'packages/pos/test/http-sync-transport.test.ts',
  // The engine against the real server stack (Fastify, PostgreSQL or PGlite).
  'packages/pos/test/adjust-order-server.test.ts',
  'packages/pos/test/poison-item.test.ts',
  'packages/pos/test/sync-model.test.ts',
  // The TypeScript CRC-32 against zlib's, which only Node has.
  'packages/pos/test/crc32.test.ts',
  // The node:sqlite adapter, and the journal's and the store's files on Node, themselves.
  'packages/pos/test/node-sqlite-database.test.ts',
  'packages/pos/test/node-journal-file.test.ts',
  'packages/pos/test/node-store-files.test.ts',
  // A second connection to a store's database: the browser's storage
  // allows one per file (src/browser/wasm-sqlite-database.ts says why).
  'packages/pos/test/place-order-second-connection.test.ts',
];

/** `TEST_SEED` and the like, handed to tests in Node and in the browser alike (test/support/test-env.ts). */
const testEnv = Object.fromEntries(
  Object.entries(process.env).filter(
    (entry): entry is [string, string] => entry[0].startsWith('TEST_') && entry[1] !== undefined,
  ),
);

export default defineConfig({
  test: {
    // Tests start real servers, databases and child processes; give them room,
    // but never wait in a test for time to pass: await events instead.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    provide: { testEnv },
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['packages/*/test/**/*.test.ts', 'apps/*/test/**/*.test.ts'],
          // Tests of the browser platform alone: Workers and OPFS.
          exclude: [...configDefaults.exclude, 'packages/pos/test/browser/**'],
          pool: 'forks',
        },
      },
      {
        extends: true,
        // The tests reach the Worker holding the browser storage through
        // SharedArrayBuffer, which needs a cross-origin isolated page.
        server: {
          headers: {
            'Cross-Origin-Opener-Policy': 'same-origin',
            'Cross-Origin-Embedder-Policy': 'require-corp',
          },
        },
        // SQLite WASM finds its .wasm file beside its module: left unbundled.
        optimizeDeps: { exclude: ['@sqlite.org/sqlite-wasm'] },
        test: {
          name: 'browser',
          include: ['packages/pos/test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...NODE_ONLY_POS_TESTS],
          // One page at a time: the pages spin while the Worker answers
          // (test/support/browser/sync-bridge.ts), and the profile below is
          // one browser's.
          fileParallelism: false,
          globalSetup: ['./vitest-chromium-profile.ts'],
          browser: {
            enabled: true,
            headless: true,
            // Debian's Chromium: nothing downloads a browser.
            provider: playwright({
              persistentContext: CHROMIUM_PROFILE_DIR,
              launchOptions: {
                executablePath: '/usr/bin/chromium',
                args: [
                  '--headless',
                  '--no-sandbox',
                  '--disable-gpu',
                  '--disable-background-networking',
                ],
              },
            }),
            instances: [{ browser: 'chromium' }],
            screenshotFailures: false,
          },
        },
      },
    ],
  },
});
