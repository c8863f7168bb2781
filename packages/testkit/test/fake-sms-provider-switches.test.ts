import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DELAY_MS_MAX, startFakeSmsProvider, twilioError } from '../src/index.ts';
import type { FakeSmsProvider } from '../src/index.ts';
import { nextEvent } from './next-event.ts';
import { getJson, messagesUrl, postMessage, VALID_MESSAGE } from './twilio-client.ts';

let provider: FakeSmsProvider;
beforeEach(async () => {
  provider = await startFakeSmsProvider();
});
afterEach(async () => {
  await provider.close();
});

/** The request's network failure, as fetch reports it in `cause`. */
async function networkFailure(request: Promise<Response>): Promise<string> {
  const error = await request.then(
    () => new Error('the request succeeded'),
    (error: unknown) => error,
  );
  expect(error).toBeInstanceOf(TypeError);
  const cause = (error as TypeError).cause as { code?: string } | undefined;
  return cause?.code ?? 'no code';
}

/** Active timers of this process: a hang that is over must not leave its own behind. */
const timers = (): number =>
  process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;

describe('switches of the fake SMS provider', () => {
  it('latencyMs delays the answer', async () => {
    provider.setSwitches({ latencyMs: 150 });
    const startMs = performance.now();
    const response = await postMessage(provider, VALID_MESSAGE);
    expect(response.status).toBe(201);
    expect(performance.now() - startMs).toBeGreaterThanOrEqual(150);
  });

  it('latencyMs longer than the client waits: the message is still created, unanswered', async () => {
    provider.setSwitches({ latencyMs: 300 });
    const created = nextEvent(provider.events, 'message');
    const request = postMessage(provider, VALID_MESSAGE, { signal: AbortSignal.timeout(100) });
    await expect(request).rejects.toMatchObject({ name: 'TimeoutError' });
    const [message] = await created;
    expect(message.to).toBe(VALID_MESSAGE.To);
    expect(provider.messages()).toEqual([expect.objectContaining({ responseDelivered: false })]);
    expect(provider.requests()).toEqual([
      expect.objectContaining({ outcome: 'connection-closed', messageSid: message.sid }),
    ]);
  });

  it('down resets the connection, records no message, and keeps the control API up', async () => {
    provider.setSwitches({ mode: 'down' });
    expect(await networkFailure(postMessage(provider, VALID_MESSAGE))).toBe('ECONNRESET');
    expect(provider.messages()).toEqual([]);
    expect(provider.requests()).toEqual([
      expect.objectContaining({ mode: 'down', outcome: 'reset', status: null }),
    ]);
    expect((await fetch(`${provider.url}/_fake/messages`)).status).toBe(200);
  });

  it('rate-limit answers 429 (code 20429) with Retry-After, and records nothing', async () => {
    provider.setSwitches({ mode: 'rate-limit', retryAfterSeconds: 7 });
    const response = await postMessage(provider, VALID_MESSAGE);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(await response.json()).toEqual(twilioError(20429));
    expect(provider.messages()).toEqual([]);
  });

  it('error answers 500 (code 20500) and records nothing', async () => {
    provider.setSwitches({ mode: 'error' });
    const response = await postMessage(provider, VALID_MESSAGE);
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual(twilioError(20500));
    expect(provider.messages()).toEqual([]);
  });

  it('hang never answers: the client times out and nothing is recorded', async () => {
    provider.setSwitches({ mode: 'hang' });
    const settled = nextEvent(provider.events, 'request');
    const request = postMessage(provider, VALID_MESSAGE, { signal: AbortSignal.timeout(200) });
    await expect(request).rejects.toMatchObject({ name: 'TimeoutError' });
    const [record] = await settled;
    expect(record).toMatchObject({ mode: 'hang', outcome: 'connection-closed', status: null });
    expect(provider.messages()).toEqual([]);
  });

  it('hung requests are answered 500 once the mode leaves hang', async () => {
    provider.setSwitches({ mode: 'hang' });
    const hung = nextEvent(provider.events, 'hung');
    const request = postMessage(provider, VALID_MESSAGE);
    await hung;
    provider.setSwitches({ mode: 'ok' });
    const response = await request;
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ code: 20500 });
    expect(provider.messages()).toEqual([]);
    expect((await postMessage(provider, VALID_MESSAGE)).status).toBe(201);
  });

  it('close destroys hung connections promptly', { timeout: 5_000 }, async () => {
    provider.setSwitches({ mode: 'hang' });
    const hung = nextEvent(provider.events, 'hung');
    const request = postMessage(provider, VALID_MESSAGE);
    await hung;
    await provider.close();
    await expect(request).rejects.toBeInstanceOf(TypeError);
  });

  it('hangMs answers a hung request 500 (code 20500) once it has hung that long, nothing processed', async () => {
    provider.setSwitches({ mode: 'hang', hangMs: 150 });
    const hung = nextEvent(provider.events, 'hung');
    const startMs = performance.now();
    const response = await postMessage(provider, VALID_MESSAGE);
    expect(performance.now() - startMs).toBeGreaterThanOrEqual(150);
    await hung;
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual(twilioError(20500, 'Hang of 150 ms over'));
    expect(provider.messages()).toEqual([]);
    expect(provider.requests()).toEqual([
      expect.objectContaining({ mode: 'hang', outcome: 'answered', status: 500, errorCode: 20500 }),
    ]);
    // The mode is still hang: the next request hangs again, for as long.
    expect((await postMessage(provider, VALID_MESSAGE)).status).toBe(500);
  });

  it('hangMs also ends a failNext hang, and the next create is answered normally', async () => {
    provider.setSwitches({ failNext: { mode: 'hang', count: 1 }, hangMs: 100 });
    const first = await postMessage(provider, VALID_MESSAGE);
    expect(first.status).toBe(500);
    expect(await first.json()).toMatchObject({ code: 20500 });
    expect((await postMessage(provider, VALID_MESSAGE)).status).toBe(201);
    expect(provider.messages()).toHaveLength(1);
  });

  it('a hang of hangMs released early by the switches leaves no timer behind', async () => {
    provider.setSwitches({ mode: 'hang', hangMs: DELAY_MS_MAX });
    const before = timers();
    const hung = nextEvent(provider.events, 'hung');
    const request = postMessage(provider, VALID_MESSAGE);
    await hung;
    expect(timers()).toBe(before + 1);
    provider.setSwitches({ mode: 'ok' });
    const response = await request;
    expect(await response.json()).toEqual(twilioError(20500, 'Released from hang'));
    expect(timers()).toBe(before);
  });

  it('a hang of hangMs cut short by the client or by close leaves no timer behind', async () => {
    provider.setSwitches({ mode: 'hang', hangMs: DELAY_MS_MAX });
    const before = timers();
    const abandoned = new AbortController();
    const hung = nextEvent(provider.events, 'hung');
    const gaveUp = postMessage(provider, VALID_MESSAGE, { signal: abandoned.signal });
    await hung;
    const settled = nextEvent(provider.events, 'request');
    abandoned.abort();
    await expect(gaveUp).rejects.toMatchObject({ name: 'AbortError' });
    expect((await settled)[0]).toMatchObject({ outcome: 'connection-closed' });
    expect(timers()).toBe(before);

    const hungAgain = nextEvent(provider.events, 'hung');
    const cut = postMessage(provider, VALID_MESSAGE);
    await hungAgain;
    expect(timers()).toBe(before + 1);
    await provider.close();
    await expect(cut).rejects.toBeInstanceOf(TypeError);
    expect(timers()).toBe(before);
  });

  it('accept-then-drop records the message and delivers it, but the client sees a reset', async () => {
    provider.setSwitches({ mode: 'accept-then-drop' });
    const delivered = nextEvent(provider.events, 'status', (m) => m.status === 'delivered');
    expect(await networkFailure(postMessage(provider, VALID_MESSAGE))).toBe('ECONNRESET');
    const [message] = await delivered;
    expect(message).toMatchObject({ to: VALID_MESSAGE.To, responseDelivered: false });
    expect(provider.messages()).toHaveLength(1);
    expect(provider.requests()).toEqual([
      expect.objectContaining({ outcome: 'dropped', messageSid: message.sid, status: null }),
    ]);
    // Reads are answered, so a client can find out what happened to its send.
    const list = await getJson(provider, new URL(messagesUrl(provider)).pathname);
    expect(list.status).toBe(200);
    expect(((await list.json()) as { messages: { sid: string }[] }).messages).toEqual([
      expect.objectContaining({ sid: message.sid }),
    ]);
  });

  it('accept-then-error records the message but answers 500 (code 20500)', async () => {
    provider.setSwitches({ mode: 'accept-then-error' });
    const response = await postMessage(provider, VALID_MESSAGE);
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual(twilioError(20500));
    expect(provider.messages()).toEqual([
      expect.objectContaining({ to: VALID_MESSAGE.To, responseDelivered: false }),
    ]);
  });

  it('failNext applies a mode to the next N creates only', async () => {
    provider.setSwitches({ failNext: { mode: 'rate-limit', count: 2 } });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await postMessage(provider, VALID_MESSAGE)).status);
    expect(statuses).toEqual([429, 429, 201]);
    expect(provider.switches().failNext).toBeNull();
    expect(provider.messages()).toHaveLength(1);
  });

  it('refuses invalid switches in-process', () => {
    expect(() => provider.setSwitches({ latencyMs: -1 })).toThrow(/latencyMs/);
    expect(() => provider.setSwitches({ mode: 'broken' as 'ok' })).toThrow(/mode/);
    for (const hangMs of [-1, 1.5, DELAY_MS_MAX + 1]) {
      expect(() => provider.setSwitches({ hangMs })).toThrow(/hangMs/);
    }
    expect(provider.switches()).toMatchObject({ latencyMs: 0, mode: 'ok' });
  });
});
