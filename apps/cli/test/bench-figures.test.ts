import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { BENCH_NAMES, commitFigures } from '../src/bench/bench-command.ts';
import { HEADLINE_FIGURES, missingHeadlineFigures } from '../src/bench/headline-figures.ts';
import { medianRound } from '../src/bench/percentile.ts';

const timing = (ordersPerSec: number, p99Ms: number) => ({
  orders: 2_000,
  p50Ms: p99Ms / 2,
  p99Ms,
  ordersPerSec,
});

describe('the figures of tabline bench', () => {
  it('compare placeOrder() with raw SQLite of the same durability, and name the other baselines apart', () => {
    const figures = commitFigures({
      engine: timing(1_500, 2),
      rawJournal: timing(2_000, 1.5),
      raw: timing(4_000, 1),
      rawAppend: timing(1_875, 1.75),
    });
    expect(figures).toMatchObject({
      posCommitP99Ms: 2,
      rawSqliteP99Ms: 1.5,
      posCommitVsRawSqlite: 0.75,
      rawSqliteOnlyP99Ms: 1,
      posCommitVsRawSqliteOnly: 0.375,
      rawSqliteAppendP99Ms: 1.75,
      posCommitVsRawSqliteAppend: 0.8,
    });
    expect(missingHeadlineFigures(['commit'], figures)).toEqual([]);
  });

  it('take every figure from the median round, by the figure rounds are compared on', () => {
    const rounds = [
      { ratio: 0.81, p99Ms: 1.4 },
      { ratio: 0.74, p99Ms: 1.9 },
      { ratio: 0.79, p99Ms: 1.2 },
    ];
    expect(medianRound(rounds, (r) => r.ratio)).toBe(rounds[2]);
    expect(medianRound(rounds, (r) => r.p99Ms)).toBe(rounds[0]);
    expect(medianRound(rounds.slice(0, 1), (r) => r.ratio)).toBe(rounds[0]);
    expect(() => medianRound(rounds.slice(0, 2), (r) => r.ratio)).toThrow(/even/);
  });

  it('report a headline figure that a benchmark left out or could not compute', () => {
    const figures = { drainOrdersPerSec: 6_000, drainVsRawPostgres: NaN, posRssRatio100k: 1.1 };
    expect(missingHeadlineFigures(['drain', 'memory'], figures)).toEqual(['drainVsRawPostgres']);
    expect(missingHeadlineFigures(['ingest'], figures)).toEqual([...HEADLINE_FIGURES.ingest]);
  });

  it('cover every benchmark, and each headline figure is named in docs/BENCHMARKS.md', async () => {
    expect(Object.keys(HEADLINE_FIGURES).sort()).toEqual([...BENCH_NAMES].sort());
    const docs = await readFile(new URL('../../../docs/BENCHMARKS.md', import.meta.url), 'utf8');
    for (const key of Object.values(HEADLINE_FIGURES).flat()) expect(docs).toContain(`\`${key}\``);
  });
});
