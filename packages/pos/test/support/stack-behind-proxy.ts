import { afterAll, beforeAll } from 'vitest';
import { startFaultProxy } from '@tabline/testkit';
import type { FaultProxy } from '@tabline/testkit';
import { createTestDatabase } from '@tabline/testkit/test-database';
import type { TestDatabase } from '@tabline/testkit/test-database';
import { startTestStack } from '@tabline/testkit/test-stack';
import type { TestStack } from '@tabline/testkit/test-stack';

/** A server on PGlite (API only) and a fault-injecting proxy in front of it. */
export interface StackBehindProxy {
  readonly test: TestDatabase;
  readonly stack: TestStack;
  readonly proxy: FaultProxy;
}

/**
 * Starts the server and its proxy before a file's tests and stops them
 * after. Read the fields inside tests (they are set in `beforeAll`).
 */
export function useStackBehindProxy(): StackBehindProxy {
  const context = {} as { test: TestDatabase; stack: TestStack; proxy: FaultProxy };
  beforeAll(async () => {
    context.test = await createTestDatabase('pglite');
    context.stack = await startTestStack(context.test, { workers: false });
    const target = new URL(context.stack.url);
    context.proxy = await startFaultProxy({
      target: { host: target.hostname, port: Number(target.port) },
    });
  });
  afterAll(async () => {
    await context.proxy?.close();
    await context.stack?.stop();
    await context.test?.dispose();
  });
  return context;
}
