import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'apps/*/test/**/*.test.ts'],
    // Tests start real servers, databases and child processes; give them room,
    // but never wait in a test for time to pass: await events instead.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
