import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeSmsProvider } from '../src/index.ts';
import type { FakeSmsProvider, RecordedMessage, RecordedRequest } from '../src/index.ts';
import { postMessage, VALID_MESSAGE } from './twilio-client.ts';

let provider: FakeSmsProvider;
beforeEach(async () => {
  provider = await startFakeSmsProvider();
});
afterEach(async () => {
  await provider.close();
});

const control = (path: string, method = 'GET', body?: unknown): Promise<Response> =>
  fetch(`${provider.url}/_fake/${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });

describe('the control API under /_fake', () => {
  it('lists recorded messages and requests, without logging itself', async () => {
    await postMessage(provider, VALID_MESSAGE);
    const messages = (await (await control('messages')).json()) as RecordedMessage[];
    expect(messages).toEqual([expect.objectContaining({ to: VALID_MESSAGE.To })]);
    const requests = (await (await control('requests')).json()) as RecordedRequest[];
    expect(requests).toEqual([expect.objectContaining({ method: 'POST', status: 201 })]);
  });

  it('waits for a number of messages when asked, answering as soon as they are there', async () => {
    const waiting = control('messages?count=2&waitMs=30000').then(
      async (response) => (await response.json()) as RecordedMessage[],
    );
    await postMessage(provider, VALID_MESSAGE);
    await postMessage(provider, VALID_MESSAGE);
    expect(await waiting).toHaveLength(2);
    const timedOut = (await (
      await control('messages?count=5&waitMs=1')
    ).json()) as RecordedMessage[];
    expect(timedOut).toHaveLength(2);
    expect((await control('messages?count=-1&waitMs=1')).status).toBe(400);
  });

  it('changes switches with a partial JSON object', async () => {
    const changed = await control('switches', 'PUT', { mode: 'error', retryAfterSeconds: 3 });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toEqual({
      latencyMs: 0,
      mode: 'error',
      hangMs: 0,
      retryAfterSeconds: 3,
      failNext: null,
    });
    expect((await postMessage(provider, VALID_MESSAGE)).status).toBe(500);
    await control('switches', 'PUT', { failNext: { mode: 'accept-then-error', count: 1 } });
    expect(provider.switches()).toMatchObject({ mode: 'error', failNext: { count: 1 } });
  });

  it('refuses invalid switches with 400 and leaves them as they were', async () => {
    for (const body of [{ mode: 'sideways' }, { latencyMs: -5 }, { colour: 'red' }, [1]]) {
      const response = await control('switches', 'PUT', body);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: expect.any(String) as string });
    }
    const broken = await fetch(`${provider.url}/_fake/switches`, { method: 'PUT', body: '{' });
    expect(broken.status).toBe(400);
    expect(provider.switches().mode).toBe('ok');
  });

  it('replaces the unsubscribed numbers', async () => {
    const set = await control('unsubscribed', 'PUT', [VALID_MESSAGE.To]);
    expect(await set.json()).toEqual([VALID_MESSAGE.To]);
    expect(await (await postMessage(provider, VALID_MESSAGE)).json()).toMatchObject({
      code: 21610,
    });
    expect((await control('unsubscribed', 'PUT', ['555'])).status).toBe(400);
    expect(await (await control('unsubscribed')).json()).toEqual([VALID_MESSAGE.To]);
  });

  it('resets everything', async () => {
    await postMessage(provider, VALID_MESSAGE);
    provider.setSwitches({ mode: 'error' });
    provider.setUnsubscribed(['+15550000009']);
    expect((await control('reset', 'POST')).status).toBe(204);
    expect(provider.messages()).toEqual([]);
    expect(provider.requests()).toEqual([]);
    expect(provider.switches().mode).toBe('ok');
    expect(await (await control('unsubscribed')).json()).toEqual([]);
  });

  it('answers 404 and 405 for unknown routes and methods', async () => {
    expect((await control('nothing')).status).toBe(404);
    expect((await control('messages', 'DELETE')).status).toBe(405);
  });
});
