import { afterAll, beforeAll } from 'vitest';
import type { DatabaseKind } from '@tabline/database';
import { createEventFixture } from './event-fixture.ts';
import type { EventFixture } from './event-fixture.ts';
import { createTestDatabase } from './test-database.ts';
import type { TestDatabase } from './test-database.ts';
import { startTestStack } from './test-stack.ts';
import type { TestStack } from './test-stack.ts';

export interface TestStackContext {
  readonly test: TestDatabase;
  readonly stack: TestStack;
  readonly fixture: EventFixture;
}

/**
 * Inside a `describe`: a fresh database of `kind`, the server stack on it and
 * an event fixture, made before the tests and torn down after them. The
 * fields are ready once `beforeAll` has run.
 */
export function useTestStack(
  kind: DatabaseKind,
  options: Parameters<typeof startTestStack>[1] = {},
): TestStackContext {
  const context = {} as { test: TestDatabase; stack: TestStack; fixture: EventFixture };
  beforeAll(async () => {
    context.test = await createTestDatabase(kind);
    context.stack = await startTestStack(context.test, options);
    context.fixture = await createEventFixture(context.test.database);
  });
  afterAll(async () => {
    await context.stack?.stop();
    await context.test?.dispose();
  });
  return context;
}
