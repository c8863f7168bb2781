import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createEventFixture } from '@tabline/testkit/event-fixture';
import { createTestDatabase } from '@tabline/testkit/test-database';
import { startTestStack } from '@tabline/testkit/test-stack';
import { POS_V8_FLAGS } from '../pos-v8-flags.ts';
import { BENCH_OFFLINE_LIMIT_CENTS } from './bench-orders.ts';
import { runPosProcess } from './run-pos-process.ts';

/** The files of a store, copied aside so the same backlog can be drained twice. */
const STORE_SUFFIXES = ['', '-wal', '.journal'] as const;

export interface MemoryPeaks {
  /** Peak RSS with `POS_V8_FLAGS`, as `tabline pos` runs. */
  readonly posFlags: number;
  /** Peak RSS with V8's default heap sizing, which lets garbage pile up while memory is free. */
  readonly v8Defaults: number;
}

/**
 * Peak resident memory of a POS process syncing a backlog of `orders`
 * (filled by another process first), against a server on PostgreSQL, once
 * with the V8 flags `tabline pos` runs with and once, from the same files,
 * with V8's defaults. The engine streams its outbox in batches, so this
 * should barely grow with the backlog.
 */
export async function measurePosMemory(
  workDir: string,
  adminUrl: string,
  backlogs: readonly number[],
): Promise<Map<number, MemoryPeaks>> {
  const test = await createTestDatabase('postgres', { adminUrl });
  const stack = await startTestStack(test, { workers: false });
  try {
    const fixture = await createEventFixture(test.database, {
      attendees: 50,
      // A device that queues thousands of orders: no offline cap in the way.
      offlineSpendingLimitCents: BENCH_OFFLINE_LIMIT_CENTS,
    });
    const bands = fixture.attendees.map((attendee) => attendee.wristbandUid).join(',');
    const peaks = new Map<number, MemoryPeaks>();
    for (const orders of backlogs) {
      const file = join(workDir, `memory-${orders}.db`);
      const args = [file, stack.url, fixture.deviceToken];
      await runPos([], ['fill', ...args, String(orders), bands]);
      copyStore(file, `${file}.filled`);
      const posFlags = await runPos(POS_V8_FLAGS, ['drain', ...args]);
      // The second drain finds the server holding every order: each is
      // answered as a replay, the same work for the POS.
      copyStore(`${file}.filled`, file);
      const v8Defaults = await runPos([], ['drain', ...args]);
      peaks.set(orders, { posFlags, v8Defaults });
    }
    return peaks;
  } finally {
    await stack.stop();
    await test.dispose();
  }
}

function copyStore(from: string, to: string) {
  for (const suffix of STORE_SUFFIXES)
    if (existsSync(from + suffix)) copyFileSync(from + suffix, to + suffix);
}

async function runPos(flags: readonly string[], args: readonly string[]): Promise<number> {
  return (await runPosProcess(flags, args)).peakRssBytes;
}
