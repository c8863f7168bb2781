/**
 * A POS engine on a real SQLite file (and its journal) in a temp directory,
 * opened through the store's checks like the app does, with the scripted
 * transport, a manual clock and seeded randomness, and the raw database for
 * looking at the tables. `reopen()` closes everything and opens the same
 * files again, as an app restart does, and expects the checks to pass.
 */
import { joinPath as join } from './test-platform.ts';
import { createSeededRandom } from '@tabline/domain';
import type { PullResponse } from '@tabline/protocol';
import { expect } from 'vitest';
import { createPosEngine, openPosStore } from '../../src/index.ts';
import type {
  PosEngine,
  PosEngineOptions,
  SqliteDatabase,
  StoreOpenReport,
} from '../../src/index.ts';
import type { SqliteAdapter } from './adapters.ts';
import { catalogPage } from './catalog.ts';
import type { ManualClock } from './manual-clock.ts';
import { createManualClock } from './manual-clock.ts';
import { ScriptedSyncTransport, pageAnswer } from './scripted-sync-transport.ts';

export type Tunables = Omit<PosEngineOptions, 'store' | 'transport' | 'clock' | 'random'>;

export interface PosHarness {
  readonly path: string;
  readonly clock: ManualClock;
  engine: PosEngine;
  db: SqliteDatabase;
  transport: ScriptedSyncTransport;
  /** What the last open found. */
  report: StoreOpenReport;
  /** Closes the engine and opens the same file again with a fresh transport. */
  reopen(newTunables?: Tunables): void;
  /** Pulls the given pages (by default the whole catalog) and expects success. */
  pullCatalog(...pages: PullResponse[]): Promise<void>;
  count(table: string): number;
}

export function openPosHarness(
  adapter: SqliteAdapter,
  dir: string,
  tunables: Tunables = {},
  seed = 1,
): PosHarness {
  const path = join(dir, 'pos.db');
  const clock = createManualClock();
  const random = createSeededRandom(seed);
  const start = (engineTunables: Tunables) => {
    const store = openPosStore(adapter.storeFiles(path), { clock });
    expect(store.report.problems).toEqual([]);
    const transport = new ScriptedSyncTransport();
    const engine = createPosEngine({ store, transport, clock, random, ...engineTunables });
    return { db: store.db, transport, engine, report: store.report };
  };
  const harness: PosHarness = {
    path,
    clock,
    ...start(tunables),
    reopen(newTunables = tunables) {
      harness.engine.close();
      Object.assign(harness, start(newTunables));
    },
    async pullCatalog(...pages) {
      const answers = (pages.length === 0 ? [catalogPage()] : pages).map(pageAnswer);
      harness.transport.answerPulls(...answers);
      const report = await harness.engine.pull();
      expect(report.error).toBeNull();
    },
    count(table) {
      return harness.db.get<{ n: number }>(`SELECT count(*) AS n FROM ${table}`)?.n ?? 0;
    },
  };
  return harness;
}
