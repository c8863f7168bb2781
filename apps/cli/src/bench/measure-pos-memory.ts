import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEventFixture } from '@tabline/testkit/event-fixture';
import { createTestDatabase } from '@tabline/testkit/test-database';
import { startTestStack } from '@tabline/testkit/test-stack';

const POS_PROCESS = fileURLToPath(new URL('./pos-process-main.ts', import.meta.url));

/**
 * Peak resident memory of a POS process syncing a backlog of `orders`
 * (filled by another process first), against a server on PostgreSQL. The
 * engine streams its outbox in batches, so this should barely grow with the
 * backlog.
 */
export async function measurePosMemory(
  workDir: string,
  adminUrl: string,
  backlogs: readonly number[],
): Promise<Map<number, number>> {
  const test = await createTestDatabase('postgres', { adminUrl });
  const stack = await startTestStack(test, { workers: false });
  try {
    const fixture = await createEventFixture(test.database, { attendees: 50 });
    const bands = fixture.attendees.map((attendee) => attendee.wristbandUid).join(',');
    const peaks = new Map<number, number>();
    for (const orders of backlogs) {
      const file = join(workDir, `memory-${orders}.db`);
      const args = [file, stack.url, fixture.deviceToken];
      await runPos(['fill', ...args, String(orders), bands]);
      peaks.set(orders, await runPos(['drain', ...args]));
    }
    return peaks;
  } finally {
    await stack.stop();
    await test.dispose();
  }
}

async function runPos(args: readonly string[]): Promise<number> {
  const child = spawn(process.execPath, [POS_PROCESS, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`POS process ${args[0]} failed (${code}):\n${stderr}`);
  const last = stdout.trim().split('\n').at(-1) ?? '{}';
  return (JSON.parse(last) as { peakRssBytes: number }).peakRssBytes;
}
