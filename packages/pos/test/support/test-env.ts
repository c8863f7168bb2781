import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The `TEST_*` variables `npx vitest` ran with, handed to every project (see vitest.config.ts). */
    testEnv: Readonly<Record<string, string>>;
  }
}

/**
 * A whole-number setting from the environment `npx vitest` ran with
 * (`TEST_SEED=7 npx vitest run …`), in Node and in the browser alike: a
 * browser page has no `process.env`, so Vitest hands the variables over.
 */
export function testSetting(name: string, fallback: number): number {
  const value = inject('testEnv')[name];
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed)) throw new Error(`${name} is a whole number, got ${value}`);
  return parsed;
}
