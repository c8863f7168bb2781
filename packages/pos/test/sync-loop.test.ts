import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '@tabline/domain';
import { RETRY_POLICIES } from '../src/sync/retry-policy.ts';
import { startSyncLoop } from '../src/sync/sync-loop.ts';
import type { SyncLoopEvent, SyncLoopOptions } from '../src/sync/sync-loop.ts';
import type { SyncError, SyncReport } from '../src/sync/sync-report.ts';
import { createManualTime } from './support/manual-time.ts';

const SEED = 20261124;

const ok = (remaining = 0): SyncReport => ({
  requests: 1,
  pushed: 1,
  accepted: 1,
  rejected: 0,
  remaining,
  error: null,
});
const failed = (error: SyncError): SyncReport => ({
  requests: 1,
  pushed: 1,
  accepted: 0,
  rejected: 0,
  remaining: 1,
  error,
});
const network: SyncError = { kind: 'network', message: 'fetch failed' };

/** A push the test answers: each call waits for the test to say how it ended. */
function scriptedPush() {
  const calls: { signal: AbortSignal; answer: (report: SyncReport) => void }[] = [];
  let concurrent = 0;
  let maxConcurrent = 0;
  const push = (signal: AbortSignal) =>
    new Promise<SyncReport>((resolve) => {
      concurrent += 1;
      maxConcurrent = Math.max(maxConcurrent, concurrent);
      const answer = (report: SyncReport) => {
        concurrent -= 1;
        resolve(report);
      };
      signal.addEventListener('abort', () =>
        answer(failed({ kind: 'aborted', message: String(signal.reason) })),
      );
      calls.push({ signal, answer });
    });
  return { push, calls, maxConcurrent: () => maxConcurrent };
}

function setup(overrides: Partial<SyncLoopOptions> = {}) {
  const time = createManualTime();
  const script = scriptedPush();
  const events: SyncLoopEvent[] = [];
  const loop = startSyncLoop({
    push: script.push,
    clock: time.clock,
    scheduler: time.scheduler,
    random: createSeededRandom(SEED),
    intervalMs: 30_000,
    coalesceMs: 50,
    ...overrides,
  });
  loop.subscribe((event) => events.push(event));
  return { time, script, loop, events, start: time.clock.now() };
}

describe(`the sync loop (seed ${SEED})`, () => {
  it('pushes at start, then every interval when idle (the heartbeat)', async () => {
    const { time, script, loop } = setup();
    await time.advance(0);
    expect(script.calls).toHaveLength(1);
    script.calls[0]!.answer(ok());
    await time.settle();
    expect(loop.status()).toMatchObject({ state: 'idle', failedAttempts: 0 });
    await time.advance(29_999);
    expect(script.calls).toHaveLength(1);
    await time.advance(1);
    expect(script.calls).toHaveLength(2);
    loop.stop();
  });

  it('coalesces a burst of orders into one push, a few milliseconds later', async () => {
    const { time, script, loop } = setup();
    await time.advance(0);
    script.calls[0]!.answer(ok());
    await time.settle();
    for (let i = 0; i < 10; i++) loop.workQueued();
    await time.advance(49);
    expect(script.calls).toHaveLength(1);
    await time.advance(1);
    expect(script.calls).toHaveLength(2);
    loop.stop();
  });

  it('keeps exactly one push in flight, and pushes work queued meanwhile right after', async () => {
    const { time, script, loop } = setup();
    await time.advance(0);
    for (let i = 0; i < 5; i++) {
      loop.workQueued();
      void loop.syncNow();
    }
    await time.advance(1_000);
    expect(script.calls).toHaveLength(1);
    script.calls[0]!.answer(ok());
    await time.advance(0);
    expect(script.calls).toHaveLength(2);
    expect(script.maxConcurrent()).toBe(1);
    loop.stop();
  });

  it('pushes again at once while the report says work remains', async () => {
    const { time, script, loop } = setup();
    await time.advance(0);
    script.calls[0]!.answer(ok(500));
    await time.advance(0);
    expect(script.calls).toHaveLength(2);
    loop.stop();
  });

  it('backs off exponentially with full jitter, capped, and resets on success', async () => {
    const { time, script, loop } = setup();
    const delays: number[] = [];
    await time.advance(0);
    for (let attempt = 1; attempt <= 9; attempt++) {
      script.calls.at(-1)!.answer(failed(network));
      await time.settle();
      const status = loop.status();
      expect(status).toMatchObject({
        state: 'backoff',
        failedAttempts: attempt,
        lastError: network,
      });
      const delay = status.nextAttemptAt! - time.clock.now();
      const bound = Math.min(RETRY_POLICIES.transient.maxDelayMs, 1_000 * 2 ** (attempt - 1));
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(bound);
      delays.push(delay);
      await time.advance(delay);
      expect(script.calls).toHaveLength(attempt + 1);
    }
    expect(new Set(delays).size).toBeGreaterThan(5); // jittered, not a fixed retry
    script.calls.at(-1)!.answer(ok());
    await time.settle();
    expect(loop.status()).toMatchObject({ state: 'idle', failedAttempts: 0, lastError: null });
    loop.stop();
  });

  it("waits at least the server's Retry-After on 429 and 503", async () => {
    const { time, script, loop } = setup();
    await time.advance(0);
    for (const status of [429, 503]) {
      script.calls
        .at(-1)!
        .answer(failed({ kind: 'http', status, retryAfterMs: 45_000, message: 'busy' }));
      await time.settle();
      expect(loop.status().nextAttemptAt! - time.clock.now()).toBeGreaterThanOrEqual(45_000);
      await time.advance(loop.status().nextAttemptAt! - time.clock.now());
    }
    loop.stop();
  });

  it('does not count attempts made offline, and retries at once when the network is back', async () => {
    const { time, script, loop } = setup();
    await time.advance(0);
    script.calls[0]!.answer(failed(network));
    await time.settle();
    expect(loop.status().failedAttempts).toBe(1);
    loop.setOnline(false);
    expect(loop.status()).toMatchObject({
      state: 'offline',
      nextAttemptAt: null,
      failedAttempts: 0,
    });
    loop.workQueued();
    await time.advance(3_600_000);
    expect(script.calls).toHaveLength(1);
    loop.setOnline(true);
    await time.advance(0);
    expect(script.calls).toHaveLength(2);
    expect(loop.status()).toMatchObject({ state: 'pushing', failedAttempts: 0 });
    loop.stop();
  });

  it('holds when retrying cannot help, and tries again after the held delay or on demand', async () => {
    const { time, script, loop } = setup();
    await time.advance(0);
    script.calls[0]!.answer(
      failed({ kind: 'http', status: 401, code: 'auth.token_invalid', message: 'no' }),
    );
    await time.settle();
    expect(loop.status()).toMatchObject({ state: 'held' });
    loop.workQueued();
    await time.advance(RETRY_POLICIES.held.maxDelayMs - 1);
    expect(script.calls).toHaveLength(1);
    void loop.syncNow();
    await time.settle();
    expect(script.calls).toHaveLength(2);
    script.calls[1]!.answer(failed({ kind: 'storage', code: 'storage.failed', message: 'disk' }));
    await time.settle();
    expect(loop.status().state).toBe('held');
    await time.advance(RETRY_POLICIES.held.maxDelayMs);
    expect(script.calls).toHaveLength(3);
    loop.stop();
  });

  it('has the watchdog abort a stalled push, then retries with backoff', async () => {
    const { time, script, loop, events } = setup({
      stallTimeoutMs: 60_000,
      watchdogIntervalMs: 15_000,
    });
    await time.advance(0);
    await time.advance(75_000);
    expect(events).toContainEqual(expect.objectContaining({ type: 'stalled' }));
    expect(script.calls[0]!.signal.aborted).toBe(true);
    expect(loop.status().state).toBe('backoff');
    await time.advance(loop.status().nextAttemptAt! - time.clock.now());
    expect(script.calls).toHaveLength(2);
    loop.stop();
  });

  it('reports every state change as a typed event', async () => {
    const { time, script, loop, events } = setup();
    await time.advance(0);
    script.calls[0]!.answer(failed(network));
    await time.settle();
    loop.stop();
    expect(
      events
        .filter((e) => e.type === 'state-changed')
        .map((e) => e.type === 'state-changed' && e.state),
    ).toEqual(['pushing', 'backoff', 'stopped']);
  });

  it('does nothing more once stopped', async () => {
    const { time, script, loop } = setup();
    loop.stop();
    loop.workQueued();
    loop.setOnline(false);
    loop.setOnline(true);
    await time.advance(3_600_000);
    expect(script.calls).toHaveLength(0);
    expect(time.nextTimerAt()).toBeNull();
    expect((await loop.syncNow()).error?.kind).toBe('aborted');
  });
});
