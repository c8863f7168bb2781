import { afterEach, describe, expect, it } from 'vitest';
import { startFakeSmsProvider, twilioSignature } from '../src/index.ts';
import type { FakeSmsProvider } from '../src/index.ts';
import { nextEvent } from './next-event.ts';
import { postMessage, VALID_MESSAGE } from './twilio-client.ts';
import { closedPort, startWebhookReceiver } from './webhook-receiver.ts';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function provider(deliveryDelayMs = 0): Promise<FakeSmsProvider> {
  const started = await startFakeSmsProvider({ deliveryDelayMs });
  closers.push(() => started.close());
  return started;
}

describe('delivering a message', () => {
  it('moves it from queued to sent to delivered, after deliveryDelayMs each', async () => {
    const fake = await provider(50);
    const startMs = performance.now();
    const delivered = nextEvent(fake.events, 'status', (m) => m.status === 'delivered');
    const response = await postMessage(fake, VALID_MESSAGE);
    expect(((await response.json()) as { status: string }).status).toBe('queued');
    const [message] = await delivered;
    expect(performance.now() - startMs).toBeGreaterThanOrEqual(100);
    expect(message.dateSentMs).not.toBeNull();
    expect(fake.messages()[0]).toMatchObject({ status: 'delivered', responseDelivered: true });
  });

  it('POSTs signed status callbacks for sent and delivered, in that order', async () => {
    const fake = await provider();
    const receiver = await startWebhookReceiver();
    closers.push(receiver.close);
    const url = `${receiver.url}/twilio/status?event=42`;
    const second = nextEvent(receiver.events, 'webhook', () => receiver.received.length === 2);
    const response = await postMessage(fake, { ...VALID_MESSAGE, StatusCallback: url });
    const { sid } = (await response.json()) as { sid: string };
    await second;

    expect(receiver.received.map((c) => c.params.MessageStatus)).toEqual(['sent', 'delivered']);
    for (const callback of receiver.received) {
      expect(callback.url).toBe(url);
      expect(callback.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(callback.params).toMatchObject({
        MessageSid: sid,
        SmsSid: sid,
        AccountSid: fake.accountSid,
        From: VALID_MESSAGE.From,
        To: VALID_MESSAGE.To,
        ApiVersion: '2010-04-01',
      });
      const expected = twilioSignature(fake.authToken, callback.url, callback.params);
      expect(callback.headers['x-twilio-signature']).toBe(expected);
      expect(twilioSignature('another token', callback.url, callback.params)).not.toBe(expected);
    }
  });

  it('records a callback that fails, without failing the message', async () => {
    const fake = await provider();
    const url = `http://127.0.0.1:${await closedPort()}/status`;
    const failures = nextEvent(fake.events, 'callback', (c) => c.status === 'delivered');
    await postMessage(fake, { ...VALID_MESSAGE, StatusCallback: url });
    const [lastCallback] = await failures;
    expect(lastCallback).toMatchObject({ httpStatus: null, url });
    expect(lastCallback.error).toMatch(/ECONNREFUSED|fetch failed/);
    const [message] = fake.messages();
    expect(message?.status).toBe('delivered');
    expect(message?.callbacks.map((c) => [c.status, c.httpStatus])).toEqual([
      ['sent', null],
      ['delivered', null],
    ]);
  });

  it('records the answer of the callback endpoint', async () => {
    const fake = await provider();
    const receiver = await startWebhookReceiver();
    closers.push(receiver.close);
    const done = nextEvent(fake.events, 'callback', (c) => c.status === 'delivered');
    await postMessage(fake, { ...VALID_MESSAGE, StatusCallback: `${receiver.url}/s` });
    await done;
    const callbacks = fake.messages()[0]?.callbacks ?? [];
    expect(callbacks.map((c) => [c.status, c.httpStatus, c.error])).toEqual([
      ['sent', 204, null],
      ['delivered', 204, null],
    ]);
    expect(callbacks[0]?.signature).toBe(receiver.received[0]?.headers['x-twilio-signature']);
  });
});
