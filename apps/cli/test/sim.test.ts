/**
 * The chaos simulator (`tabline sim`), run as the command a user runs: short
 * chaos runs on fixed seeds must pass every check, and the checkers must
 * catch real bugs put in on purpose: a server that stores a re-delivered
 * push again reports duplicates; a POS that acknowledges orders before they
 * are durable, killed, reports losses.
 *
 * Each run is a few dozen seconds of real processes. PostgreSQL runs need
 * TEST_DATABASE_URL (the sim makes its own database there); the PGlite run
 * needs nothing. A failing run's output holds the command that replays it.
 */
import { describe, expect, it } from 'vitest';
import { lastJsonLine, spawnTabline } from './support/tabline-process.ts';

/** A short run: 4 devices, 400 orders at 25 a second (16 s of orders), chaos on. */
const SHORT = ['--devices', '4', '--orders', '400', '--chaos', '--quiesce-seconds', '240'];
/** A run takes well under a minute on an idle machine; CI runs other suites beside it. */
const RUN_TIMEOUT_MS = 6 * 60_000;

interface SimRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly report: Record<string, unknown>;
}

async function runSim(args: readonly string[]): Promise<SimRun> {
  const { code, stdout, stderr } = await spawnTabline(['sim', ...args], {});
  if (code !== 0 && code !== 1) throw new Error(`tabline sim exited with ${code}:\n${stderr}`);
  return { code, stdout, report: lastJsonLine(stdout) };
}

const hasPostgres = !!process.env['TEST_DATABASE_URL'];

describe('tabline sim', () => {
  it.runIf(hasPostgres).each([101, 102])(
    'a short chaos run on PostgreSQL passes every check (seed %i)',
    async (seed) => {
      const { code, stdout, report } = await runSim([...SHORT, '--seed', String(seed)]);
      expect(report, stdout).toMatchObject({
        seed,
        ok: true,
        lost: 0,
        duplicated: 0,
        seqReused: 0,
        unexpected: 0,
        smsDuplicated: 0,
        smsMissing: 0,
        tabMismatches: 0,
        dashboardMismatches: 0,
        jobsLeft: 0,
        backlog: 0,
      });
      expect(code).toBe(0);
      expect(report['orders']).toBeGreaterThan(350);
      // The faults really happened.
      const injected = report['injected'] as Record<string, number | Record<string, number>>;
      expect(injected['deviceKills']).toBeGreaterThanOrEqual(2);
      expect(injected['corruptions']).toBeGreaterThanOrEqual(1);
      expect(injected['serverKills']).toBeGreaterThanOrEqual(1);
      expect(injected['dbResetStorms']).toBe(1);
      expect(injected['smsFaults']).toMatchObject({ hang: 1, 'accept-then-drop': 1 });
      expect(report['responsesDropped']).toBeGreaterThan(0);
    },
    RUN_TIMEOUT_MS,
  );

  it(
    'a short chaos run on PGlite passes every check',
    async () => {
      const { stdout, report } = await runSim([
        ...SHORT,
        '--devices',
        '3',
        '--orders',
        '300',
        '--pglite',
        '--seed',
        '103',
      ]);
      expect(report, stdout).toMatchObject({ database: 'pglite', ok: true, lost: 0 });
      expect(report['duplicated']).toBe(0);
      expect((report['injected'] as Record<string, number>)['serverKills']).toBeGreaterThan(0);
    },
    RUN_TIMEOUT_MS,
  );

  it.runIf(hasPostgres)(
    'reports duplicates when the server stores re-delivered pushes again',
    async () => {
      const { code, report } = await runSim([
        ...SHORT,
        '--fault-skip-idempotency',
        '--seed',
        '104',
      ]);
      expect(report).toMatchObject({ ok: false, faultSettings: { skipIdempotency: true } });
      expect(report['duplicated']).toBeGreaterThan(0);
      expect(code).toBe(1);
    },
    RUN_TIMEOUT_MS,
  );

  // Seed 105's plan kills two devices while they are cut off, with orders
  // acknowledged and neither synced nor committed.
  it.runIf(hasPostgres)(
    'reports losses when the POS acknowledges orders before they are durable and is killed',
    async () => {
      const { code, report } = await runSim([
        ...SHORT,
        '--fault-pos-defer-commit-ms',
        '5000',
        '--seed',
        '105',
      ]);
      expect(report).toMatchObject({ ok: false, faultSettings: { posDeferCommitMs: 5000 } });
      expect(report['lost']).toBeGreaterThan(0);
      expect(code).toBe(1);
    },
    RUN_TIMEOUT_MS,
  );
});
