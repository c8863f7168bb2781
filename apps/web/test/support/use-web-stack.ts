import { afterAll, beforeAll } from 'vitest';
import type { DatabaseKind } from '@tabline/database';
import { cryptoRandom, systemClock } from '@tabline/domain';
import { seedDemo } from '@tabline/server';
import type { SeedDemoResult } from '@tabline/server';
import { createTestDatabase, testDatabaseKinds } from '@tabline/testkit/test-database';
import type { TestDatabase } from '@tabline/testkit/test-database';
import { startTestStack } from '@tabline/testkit/test-stack';
import type { TestStack } from '@tabline/testkit/test-stack';
import { buildWebApps } from './build-web-apps.ts';
import type { WebAppsBuild } from './build-web-apps.ts';

export interface WebStackContext {
  readonly test: TestDatabase;
  readonly stack: TestStack;
  /** The demo event `npm start` seeds, with its owner's password. */
  readonly demo: SeedDemoResult & { readonly ownerPassword: string };
}

const OWNER_PASSWORD = 'correct horse battery staple';

/**
 * The database a browser test file runs on: PostgreSQL when the run has one
 * (TEST_DATABASE_URL, as CI sets), else PGlite. One stack per file keeps
 * the browser tests' time down; the API's own tests cover both databases.
 */
export const WEB_TEST_DATABASE: DatabaseKind = testDatabaseKinds().at(-1)!;

/** How a test file's stack differs from the usual: no workers, other retry policies. */
export type WebStackOptions = Omit<NonNullable<Parameters<typeof startTestStack>[1]>, 'server'>;

/**
 * Inside a `describe`: the web apps built from this tree, served by a real
 * server (API and, unless `options` say otherwise, workers) on a fresh
 * database of `kind`, with the demo event seeded as `npm start` seeds it.
 * Ready once `beforeAll` has run.
 */
export function useWebStack(kind: DatabaseKind, options: WebStackOptions = {}): WebStackContext {
  const context = {} as { test: TestDatabase; stack: TestStack; demo: WebStackContext['demo'] };
  let build: WebAppsBuild | undefined;
  beforeAll(async () => {
    build = await buildWebApps();
    context.test = await createTestDatabase(kind);
    context.stack = await startTestStack(context.test, {
      ...options,
      server: { webAppsDir: build.outDir },
    });
    const seeded = await seedDemo(context.test.database, {
      clock: systemClock,
      random: cryptoRandom,
      ownerPassword: OWNER_PASSWORD,
      resetOwnerPassword: true,
    });
    context.demo = { ...seeded, ownerPassword: OWNER_PASSWORD };
  });
  afterAll(async () => {
    await context.stack?.stop();
    await context.test?.dispose();
    build?.remove();
  });
  return context;
}
