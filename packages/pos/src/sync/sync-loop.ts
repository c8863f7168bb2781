/**
 * The sync loop: WHEN the engine pushes its outbox. (How a push drains the
 * outbox is `push-outbox.ts`.) A state machine, one state at a time:
 *
 * - `idle`: nothing in flight. A timer is set: the next periodic sync (which
 *   also carries the heartbeat), or sooner when work was just queued.
 * - `pushing`: exactly one push in flight for this device. Work queued
 *   meanwhile is pushed right after it, not at the next interval.
 * - `backoff`: the last push failed for a transient reason (network, time-out,
 *   5xx, 429, 409). The next attempt is at `nextAttemptAt`: exponential
 *   backoff with full jitter, capped, never before the server's Retry-After.
 * - `offline`: the platform says there is no network. No attempts, and none
 *   count against the backoff, until it says the network is back.
 * - `held`: retrying the same way cannot help (credentials refused, the batch
 *   called malformed, local storage failing). Reported; tried again on
 *   `syncNow()`, on a connectivity change, or after the held delay.
 * - `stopped`: closed; nothing more happens.
 *
 * Triggers: `workQueued()` (each new order, coalesced over a few
 * milliseconds), the interval timer, `setOnline(true)`, `syncNow()`, and a
 * watchdog that aborts a push stalled past `stallTimeoutMs` and re-arms a
 * timer that should exist but does not. Success and a connectivity change
 * reset the backoff.
 */
import type { Clock, Random } from '@tabline/domain';
import type { Scheduler, TimerHandle } from '../scheduler.ts';
import { RETRY_POLICIES, classifySyncError, retryDelayMs } from './retry-policy.ts';
import type { RetryPolicy } from './retry-policy.ts';
import type { SyncError, SyncReport } from './sync-report.ts';

export const SYNC_LOOP_STATES = [
  'idle',
  'pushing',
  'backoff',
  'offline',
  'held',
  'stopped',
] as const;
export type SyncLoopState = (typeof SYNC_LOOP_STATES)[number];

export interface SyncLoopOptions {
  /** One push of the outbox; resolves with its report, never rejects for operating errors. */
  readonly push: (signal: AbortSignal) => Promise<SyncReport>;
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  readonly random: Random;
  /** Whether the platform believes it is online when the loop starts. */
  readonly online?: boolean;
  /** Sync (and heartbeat) this often when nothing else triggers it. */
  readonly intervalMs?: number;
  /** Orders placed within this window go in one push. */
  readonly coalesceMs?: number;
  /** How often the watchdog looks. */
  readonly watchdogIntervalMs?: number;
  /** A push running longer than this is aborted by the watchdog. */
  readonly stallTimeoutMs?: number;
  readonly policies?: Readonly<Record<'transient' | 'held', RetryPolicy>>;
}

export function resolveSyncLoopOptions(options: SyncLoopOptions) {
  return {
    ...options,
    online: options.online ?? true,
    intervalMs: options.intervalMs ?? 30_000,
    coalesceMs: options.coalesceMs ?? 50,
    watchdogIntervalMs: options.watchdogIntervalMs ?? 15_000,
    stallTimeoutMs: options.stallTimeoutMs ?? 120_000,
    policies: options.policies ?? RETRY_POLICIES,
  };
}

export interface SyncLoopStatus {
  readonly state: SyncLoopState;
  readonly online: boolean;
  /** Failed attempts since the last success or connectivity change (offline ones excluded). */
  readonly failedAttempts: number;
  /** When the next push is due, or null when none is scheduled (pushing, offline, stopped). */
  readonly nextAttemptAt: number | null;
  readonly lastAttemptAt: number | null;
  readonly lastSuccessAt: number | null;
  /** Why the last push failed; cleared by the next success. */
  readonly lastError: SyncError | null;
}

export type SyncLoopEvent =
  | {
      readonly type: 'state-changed';
      readonly state: SyncLoopState;
      readonly previous: SyncLoopState;
    }
  | { readonly type: 'pushed'; readonly report: SyncReport }
  | { readonly type: 'stalled'; readonly runningMs: number };

export interface SyncLoop {
  /** Work was queued: push soon. */
  workQueued(): void;
  /** The platform's view of connectivity changed. */
  setOnline(online: boolean): void;
  /** Push now, whatever the backoff says; resolves with that push's report. */
  syncNow(): Promise<SyncReport>;
  status(): SyncLoopStatus;
  subscribe(listener: (event: SyncLoopEvent) => void): () => void;
  stop(): void;
}

export function startSyncLoop(options: SyncLoopOptions): SyncLoop {
  const o = resolveSyncLoopOptions(options);
  const listeners = new Set<(event: SyncLoopEvent) => void>();
  let state: SyncLoopState = o.online ? 'idle' : 'offline';
  let online = o.online;
  let failedAttempts = 0;
  let nextAttemptAt: number | null = null;
  let lastAttemptAt: number | null = null;
  let lastSuccessAt: number | null = null;
  let lastError: SyncError | null = null;
  let timer: TimerHandle | null = null;
  let inFlight: {
    promise: Promise<SyncReport>;
    controller: AbortController;
    startedAt: number;
  } | null = null;
  let queuedDuringPush = false;

  const emit = (event: SyncLoopEvent) => {
    for (const listener of listeners) listener(event);
  };
  const enter = (next: SyncLoopState) => {
    if (next === state) return;
    const previous = state;
    state = next;
    emit({ type: 'state-changed', state, previous });
  };
  const cancelTimer = () => {
    if (timer !== null) o.scheduler.clearTimeout(timer);
    timer = null;
    nextAttemptAt = null;
  };
  const schedule = (delayMs: number) => {
    cancelTimer();
    nextAttemptAt = o.clock.now() + delayMs;
    timer = o.scheduler.setTimeout(() => {
      timer = null;
      nextAttemptAt = null;
      void runPush();
    }, delayMs);
  };

  /** Starts a push unless one is in flight; all triggers end here. */
  const runPush = (): Promise<SyncReport> => {
    if (inFlight) return inFlight.promise;
    cancelTimer();
    const controller = new AbortController();
    const startedAt = o.clock.now();
    lastAttemptAt = startedAt;
    queuedDuringPush = false;
    enter('pushing');
    const promise = o.push(controller.signal).then(
      (report) => {
        settle(report);
        return report;
      },
      (error: unknown) => {
        // A push that throws has a bug; keep the loop alive and retry later.
        const report = thrownReport(error);
        settle(report);
        return report;
      },
    );
    inFlight = { promise, controller, startedAt };
    return promise;
  };

  const settle = (report: SyncReport) => {
    inFlight = null;
    emit({ type: 'pushed', report });
    if (state === 'stopped') return;
    if (report.error === null) {
      succeed(report);
      return;
    }
    fail(report.error);
  };

  const succeed = (report: SyncReport) => {
    failedAttempts = 0;
    lastError = null;
    lastSuccessAt = o.clock.now();
    if (!online) {
      enter('offline');
      return;
    }
    enter('idle');
    const more = (report.remaining ?? 0) > 0 || queuedDuringPush;
    schedule(more ? 0 : o.intervalMs);
  };

  const fail = (error: SyncError) => {
    lastError = error;
    if (!online) {
      // Attempts made while offline do not count against the backoff.
      enter('offline');
      return;
    }
    const errorClass = classifySyncError(error);
    switch (errorClass) {
      case 'transient': {
        failedAttempts += 1;
        const retryAfterMs = 'retryAfterMs' in error ? error.retryAfterMs : undefined;
        enter('backoff');
        schedule(retryDelayMs(o.policies.transient, failedAttempts, o.random, retryAfterMs));
        return;
      }
      case 'held':
        enter('held');
        schedule(o.policies.held.maxDelayMs);
        return;
      default: {
        const unreachable: never = errorClass;
        throw new Error(`Unhandled error class ${String(unreachable)}`);
      }
    }
  };

  const workQueued = () => {
    switch (state) {
      case 'idle':
        // Coalesce: a burst of orders goes in one push. Never postpone a
        // push that is already due sooner.
        if (nextAttemptAt === null || nextAttemptAt > o.clock.now() + o.coalesceMs) {
          schedule(o.coalesceMs);
        }
        return;
      case 'pushing':
        queuedDuringPush = true;
        return;
      case 'backoff':
      case 'offline':
      case 'held':
      case 'stopped':
        // The item waits for the next attempt; a new order must not defeat
        // the backoff and hammer a server that is struggling.
        return;
      default: {
        const unreachable: never = state;
        throw new Error(`Unhandled state ${String(unreachable)}`);
      }
    }
  };

  const setOnline = (nowOnline: boolean) => {
    if (state === 'stopped' || nowOnline === online) return;
    online = nowOnline;
    failedAttempts = 0;
    if (!online) {
      cancelTimer();
      if (!inFlight) enter('offline');
      return;
    }
    if (inFlight) return;
    enter('idle');
    void runPush();
  };

  const watchdog = () => {
    if (state === 'stopped') return;
    const now = o.clock.now();
    if (inFlight && now - inFlight.startedAt > o.stallTimeoutMs) {
      emit({ type: 'stalled', runningMs: now - inFlight.startedAt });
      inFlight.controller.abort(new Error('The sync watchdog aborted a stalled push.'));
    }
    // A state that waits on a timer must have one.
    const waiting = state === 'idle' || state === 'backoff' || state === 'held';
    if (waiting && !inFlight && timer === null) schedule(0);
    watchdogTimer = o.scheduler.setTimeout(watchdog, o.watchdogIntervalMs);
  };
  let watchdogTimer: TimerHandle = o.scheduler.setTimeout(watchdog, o.watchdogIntervalMs);

  if (state === 'idle') schedule(0);

  return {
    workQueued,
    setOnline,
    syncNow: () => {
      if (state === 'stopped') return Promise.resolve(stoppedReport());
      return runPush();
    },
    status: () => ({
      state,
      online,
      failedAttempts,
      nextAttemptAt,
      lastAttemptAt,
      lastSuccessAt,
      lastError,
    }),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop: () => {
      if (state === 'stopped') return;
      cancelTimer();
      o.scheduler.clearTimeout(watchdogTimer);
      inFlight?.controller.abort(new Error('The sync loop stopped.'));
      enter('stopped');
    },
  };
}

function thrownReport(error: unknown): SyncReport {
  const message = error instanceof Error ? error.message : String(error);
  return {
    requests: 0,
    pushed: 0,
    accepted: 0,
    rejected: 0,
    remaining: null,
    error: { kind: 'storage', code: 'storage.failed', message: `Push failed: ${message}` },
  };
}

function stoppedReport(): SyncReport {
  return {
    requests: 0,
    pushed: 0,
    accepted: 0,
    rejected: 0,
    remaining: null,
    error: { kind: 'aborted', message: 'The sync loop is stopped.' },
  };
}
