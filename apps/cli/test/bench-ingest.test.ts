import { describe, expect, it } from 'vitest';
import { HEADLINE_FIGURES } from '../src/bench/headline-figures.ts';
import { lastJsonLine, runTabline } from './support/tabline-process.ts';

const SMALLEST = ['--devices', '2', '--batch', '10', '--seconds', '1', '--overload-seconds', '1'];

/** The whole small run: server start, 2 s of warm-up, 1 s + 1 s of load, the raw baseline. */
const BENCH_TIMEOUT_MS = 120_000;

/**
 * `tabline bench ingest`, as small as it goes, for what it reports: the
 * figures issue 6 asks of it, measured, among them the resident memory of
 * the server process (`tabline serve`, a child of the bench). Speed is never
 * asserted. It needs a PostgreSQL server.
 */
describe.skipIf(!process.env['TEST_DATABASE_URL'])('tabline bench ingest', () => {
  it(
    "reports intake against raw INSERTs and the server's peak memory in its JSON line",
    async () => {
      const stdout = await runTabline(['bench', 'ingest', ...SMALLEST], {
        BENCH_DATABASE_URL: process.env['TEST_DATABASE_URL'],
      });
      const figures = lastJsonLine(stdout);
      for (const key of HEADLINE_FIGURES.ingest) expect(Number.isFinite(figures[key])).toBe(true);
      const start = figures['serverStartRssMb'] as number;
      const peak = figures['serverPeakRssMb'] as number;
      expect(start).toBeGreaterThan(0);
      expect(peak).toBeGreaterThanOrEqual(start);
      expect(figures['overloadServerPeakRssMb']).toBeGreaterThanOrEqual(peak);
      expect(stdout).toContain(`peak ${peak} MiB`);
    },
    BENCH_TIMEOUT_MS,
  );
});
