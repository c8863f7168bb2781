import type { Clock, Random } from '@tabline/domain';
import { cryptoRandom, systemClock } from '@tabline/domain';
import type { OpenedStore } from './open-pos-store.ts';
import type { PosEngineOptions } from './pos-engine-options.ts';
import type { PosEngine } from './pos-engine.ts';
import { createPosEngine } from './pos-engine.ts';
import type { SyncTransport } from './sync-transport.ts';

/** What a platform's composition root passes on to the engine. */
export interface StartPosEngineOptions extends Omit<
  PosEngineOptions,
  'store' | 'clock' | 'random' | 'transport'
> {
  readonly transport: SyncTransport;
  /** Defaults to the system clock; the simulator passes its own. */
  readonly clock?: Clock;
  /** Defaults to the platform's cryptographic randomness. */
  readonly random?: Random;
}

/**
 * Starts the engine on a store a platform opened (Node's files, a
 * browser's OPFS), with the system clock and cryptographic randomness
 * unless given others. If the engine refuses its options, the store's
 * database and journal are closed before the error goes on.
 */
export function startPosEngine(store: OpenedStore, options: StartPosEngineOptions): PosEngine {
  const { clock, random, ...engineOptions } = options;
  try {
    return createPosEngine({
      ...engineOptions,
      store,
      clock: clock ?? systemClock,
      random: random ?? cryptoRandom,
    });
  } catch (error) {
    store.db.close();
    store.journal.close();
    throw error;
  }
}
