import { EventEmitter, once } from 'node:events';
import { setTimeout as pause } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import { systemClock } from '@tabline/domain';
import { guardSmsProvider, resolveSmsSettings } from '@tabline/workers';
import type {
  GuardedSmsProvider,
  OutgoingSms,
  SmsBreakerChange,
  SmsProvider,
  SmsSendOutcome,
  SmsSettings,
} from '@tabline/workers';

const TIMEOUT_MS = 400;
/** Slack for a busy machine, well short of a second time-out. */
const SLACK_MS = TIMEOUT_MS / 4;

interface Call {
  readonly body: string;
  answer(outcome: SmsSendOutcome): void;
}

/**
 * A provider whose sends each wait for the test to answer them. A send is
 * cut off by its signal (its outcome is then unknown), except one whose
 * body starts with "stubborn", which stands for a call the client cannot
 * cut short: it holds its slot until the test answers it.
 */
function scriptedProvider() {
  const events = new EventEmitter<{ call: [Call] }>();
  const bodies: string[] = [];
  const provider: SmsProvider = {
    send: (message, signal) =>
      new Promise<SmsSendOutcome>((resolve) => {
        bodies.push(message.body);
        if (!message.body.startsWith('stubborn')) {
          signal.addEventListener('abort', () => resolve({ kind: 'unknown', message: 'cut off' }));
        }
        events.emit('call', { body: message.body, answer: resolve });
      }),
    find: () => Promise.resolve({ kind: 'absent' }),
  };
  /** Sends `body` and resolves once its call reached the provider. */
  const sendReaching = async (guarded: GuardedSmsProvider, body: string) => {
    const reached = once(events, 'call') as Promise<[Call]>;
    const outcome = guarded.send(text(body), never);
    const [call] = await reached;
    return { call, outcome };
  };
  return { provider, bodies, sendReaching };
}

const never = new AbortController().signal;
const text = (body: string): OutgoingSms => ({
  to: '+15550100001',
  body,
  statusCallbackUrl: null,
  validityPeriodSeconds: 60,
});

/** Runs a guarded send and measures it from its start to its outcome. */
async function timed(send: Promise<SmsSendOutcome>) {
  const startedMs = performance.now();
  const outcome = await send;
  return { outcome, tookMs: performance.now() - startedMs };
}

const guardedWith = (
  provider: SmsProvider,
  settings: Partial<SmsSettings>,
  onBreakerChange?: (change: SmsBreakerChange) => void,
) =>
  guardSmsProvider(
    provider,
    resolveSmsSettings({ timeoutMs: TIMEOUT_MS, settleAfterMs: TIMEOUT_MS + 1, ...settings }),
    systemClock,
    onBreakerChange,
  );

/** Opens the circuit (one failure is enough) and waits for its trial to be due. */
async function openCircuit(
  guarded: GuardedSmsProvider,
  sendReaching: ReturnType<typeof scriptedProvider>['sendReaching'],
) {
  const { outcome } = await sendReaching(guarded, 'opens the circuit');
  expect((await outcome).kind).toBe('unknown');
  expect(guarded.accepting()).toBe(false);
  await vi.waitFor(() => expect(guarded.accepting()).toBe(true), { interval: 10 });
}

/**
 * The sender claims a message, then calls the provider through the guards;
 * it searches for a message whose outcome it lost `settleAfterMs` after the
 * claim, which must exceed `timeoutMs`. That search would miss a request
 * still on its way, so no request may be on its way later than `timeoutMs`
 * after its call was made, whatever the call waited for first: a slot, or
 * the breaker's trial call. (The pauses are the provider's latency: time is
 * what is under test here.)
 */
describe('the guarded SMS provider', () => {
  const halfOpen = { breakerFailures: 1, breakerHalfOpenAfterMs: 50 };

  it('cuts off a send that waited for the breaker trial at the time-out of its start', async () => {
    const { provider, sendReaching } = scriptedProvider();
    const guarded = guardedWith(provider, halfOpen);
    await openCircuit(guarded, sendReaching);
    const trial = await sendReaching(guarded, 'trial');
    const waiting = timed(guarded.send(text('waiting'), never));
    // The trial is slow (three quarters of the time-out) but succeeds.
    await pause((TIMEOUT_MS * 3) / 4);
    trial.call.answer({ kind: 'accepted', sid: 'SM1' });
    expect((await trial.outcome).kind).toBe('accepted');
    const { outcome, tookMs } = await waiting;
    expect(outcome.kind).toBe('unknown');
    expect(tookMs).toBeLessThan(TIMEOUT_MS + SLACK_MS);
  });

  it('never makes a send whose time ran out while it waited for the breaker trial', async () => {
    const { provider, bodies, sendReaching } = scriptedProvider();
    const guarded = guardedWith(provider, halfOpen);
    await openCircuit(guarded, sendReaching);
    const trial = await sendReaching(guarded, 'stubborn trial');
    const waiting = guarded.send(text('waiting'), never);
    await pause(TIMEOUT_MS + SLACK_MS);
    trial.call.answer({ kind: 'accepted', sid: 'SM1' });
    expect((await waiting).kind).toBe('not-sent');
    expect(bodies).not.toContain('waiting');
  });

  it('cuts off a send that waited for a slot at the time-out of its start', async () => {
    const { provider, sendReaching } = scriptedProvider();
    const guarded = guardedWith(provider, { concurrency: 1, queued: 1 });
    const holding = await sendReaching(guarded, 'holding');
    const queued = timed(guarded.send(text('queued'), never));
    await pause((TIMEOUT_MS * 3) / 4);
    holding.call.answer({ kind: 'accepted', sid: 'SM1' });
    const { outcome, tookMs } = await queued;
    expect(outcome.kind).toBe('unknown');
    expect(tookMs).toBeLessThan(TIMEOUT_MS + SLACK_MS);
  });

  it('never makes a send whose time ran out while it waited for a slot', async () => {
    const { provider, bodies, sendReaching } = scriptedProvider();
    const guarded = guardedWith(provider, { concurrency: 1, queued: 1 });
    const holding = await sendReaching(guarded, 'stubborn holding');
    const queued = guarded.send(text('queued'), never);
    await pause(TIMEOUT_MS + SLACK_MS);
    holding.call.answer({ kind: 'accepted', sid: 'SM1' });
    expect((await queued).kind).toBe('not-sent');
    expect(bodies).not.toContain('queued');
  });

  it('reports each change of the breaker: open with its wait, the trial, closed again', async () => {
    const { provider, sendReaching } = scriptedProvider();
    const changes: SmsBreakerChange[] = [];
    const guarded = guardedWith(provider, halfOpen, (change) => changes.push(change));
    await openCircuit(guarded, sendReaching);
    expect(changes).toEqual([{ state: 'open', openForMs: halfOpen.breakerHalfOpenAfterMs }]);
    const failedTrial = await sendReaching(guarded, 'failed trial');
    expect(changes.at(-1)).toEqual({ state: 'half-open' });
    failedTrial.call.answer({ kind: 'not-sent', message: 'HTTP 503' });
    await failedTrial.outcome;
    expect(changes.at(-1)).toEqual({ state: 'open', openForMs: halfOpen.breakerHalfOpenAfterMs });
    await vi.waitFor(() => expect(guarded.accepting()).toBe(true), { interval: 10 });
    const trial = await sendReaching(guarded, 'trial');
    trial.call.answer({ kind: 'accepted', sid: 'SM1' });
    await trial.outcome;
    expect(changes.map((change) => change.state)).toEqual([
      'open',
      'half-open',
      'open',
      'half-open',
      'closed',
    ]);
  });
});
