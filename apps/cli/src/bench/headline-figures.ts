import type { BenchName } from './bench-command.ts';

/**
 * The figures issue 6 asks of `npm run bench`, by the benchmark that
 * measures them: each is measured in the run, and each ratio compares two
 * measurements of that run. `tabline bench` fails, after printing, when a
 * benchmark it ran left one of its own out or not a finite number (NaN
 * comes out of a percentile of no samples); docs/BENCHMARKS.md
 * says which table each comes from.
 */
export const HEADLINE_FIGURES = {
  commit: ['posCommitP99Ms', 'rawSqliteP99Ms', 'posCommitVsRawSqlite'],
  drain: ['drainOrdersPerSec', 'drainVsRawPostgres'],
  memory: ['posRssRatio100k'],
  ingest: ['ingestVsRawPostgres', 'serverPeakRssMb'],
  processing: ['orderToSmsP99Ms', 'intakeP99RatioSmsHang', 'tabCostRatio10k'],
} as const satisfies Record<BenchName, readonly string[]>;

/** The headline figures of these benchmarks that are missing or not finite numbers. */
export function missingHeadlineFigures(
  names: readonly BenchName[],
  figures: Readonly<Record<string, number | string>>,
): string[] {
  return names
    .flatMap((name) => HEADLINE_FIGURES[name])
    .filter((key) => {
      const value = figures[key];
      return typeof value !== 'number' || !Number.isFinite(value);
    });
}
