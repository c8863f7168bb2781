import { afterEach, describe, expect, it } from 'vitest';
import {
  isValidTwilioSignature,
  MESSAGING_SERVICE_SENDER,
  startFakeSmsProvider,
  twilioError,
  UNSUBSCRIBED_NUMBERS_MAX,
} from '../src/index.ts';
import type { FakeSmsProvider, FakeSmsProviderOptions, RecordedReply } from '../src/index.ts';
import { nextEvent } from './next-event.ts';
import { postMessage, VALID_MESSAGE } from './twilio-client.ts';
import { closedPort, startWebhookReceiver } from './webhook-receiver.ts';
import type { WebhookReceiver } from './webhook-receiver.ts';

const ATTENDEE = VALID_MESSAGE.To;

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function provider(options: FakeSmsProviderOptions = {}): Promise<FakeSmsProvider> {
  const started = await startFakeSmsProvider(options);
  closers.push(() => started.close());
  return started;
}

async function receiver(status?: number): Promise<WebhookReceiver> {
  const started = await startWebhookReceiver(status);
  closers.push(started.close);
  return started;
}

/** The status a send to `to` is answered with, and Twilio's error code if any. */
async function sendTo(fake: FakeSmsProvider, to: string): Promise<[number, unknown]> {
  const response = await postMessage(fake, { ...VALID_MESSAGE, To: to });
  const body = (await response.json()) as { code?: unknown };
  return [response.status, body.code ?? null];
}

describe("replies to the fake's number", () => {
  it("are POSTed to the incoming message URL as Twilio's signed webhook", async () => {
    const sms = await receiver();
    const fake = await provider({ incomingMessageUrl: `${sms.url}/twilio/sms?event=42` });
    const announced = nextEvent(fake.events, 'reply');
    const reply = await fake.receiveReply({ from: ATTENDEE, body: 'Thanks, see you!' });

    expect(reply.httpStatus).toBe(204);
    expect(await announced).toEqual([reply]);
    const [webhook] = sms.received;
    expect(webhook?.url).toBe(`${sms.url}/twilio/sms?event=42`);
    expect(webhook?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(webhook?.params).toEqual({
      AccountSid: fake.accountSid,
      ApiVersion: '2010-04-01',
      Body: 'Thanks, see you!',
      From: ATTENDEE,
      MessageSid: reply.messageSid,
      NumMedia: '0',
      NumSegments: '1',
      SmsMessageSid: reply.messageSid,
      SmsSid: reply.messageSid,
      SmsStatus: 'received',
      To: MESSAGING_SERVICE_SENDER,
    });
    expect(reply.messageSid).toMatch(/^SM[0-9a-f]{32}$/);
    const signature = webhook?.headers['x-twilio-signature'] as string;
    expect(signature).toBe(reply.signature);
    expect(isValidTwilioSignature(fake.authToken, webhook!.url, webhook!.params, signature)).toBe(
      true,
    );
    expect(isValidTwilioSignature('another token', webhook!.url, webhook!.params, signature)).toBe(
      false,
    );
    expect(reply).toMatchObject({
      from: ATTENDEE,
      to: MESSAGING_SERVICE_SENDER,
      optOutChange: null,
    });
    expect(fake.unsubscribed()).toEqual([]);
    expect(await sendTo(fake, ATTENDEE)).toEqual([201, null]);
  });

  it('carry the geographic parameters they are given, and count segments', async () => {
    const sms = await receiver();
    const fake = await provider({ incomingMessageUrl: sms.url });
    const body = 'ž'.repeat(71);
    await fake.receiveReply({ from: ATTENDEE, body, geo: { FromCountry: 'US', ToZip: '94105' } });
    expect(sms.received[0]?.params).toMatchObject({
      Body: body,
      NumSegments: '2',
      FromCountry: 'US',
      ToZip: '94105',
    });
  });

  it('STOP and the other opt-out keywords unsubscribe the sender, and are still forwarded', async () => {
    const sms = await receiver();
    const fake = await provider({ incomingMessageUrl: sms.url });
    const bodies = ['STOP', ' stop ', 'Stopall', 'unsubscribe', 'CANCEL\n', 'end', 'Quit'];
    bodies.push('revoke', 'OptOut');
    for (const [i, body] of bodies.entries()) {
      const from = `+1555000010${i}`;
      const reply = await fake.receiveReply({ from, body });
      expect(reply).toMatchObject({ optOutChange: 'opt-out', httpStatus: 204 });
      const [status, code] = await sendTo(fake, from);
      expect([body, status, code]).toEqual([body, 400, 21610]);
    }
    expect(sms.received.map((webhook) => webhook.params.Body)).toEqual(bodies);
    expect(fake.unsubscribed()).toHaveLength(bodies.length);
    // Only those numbers: another attendee is still sent to.
    expect(await sendTo(fake, ATTENDEE)).toEqual([201, null]);
  });

  it('answers a later send to an opted-out number with the same error as setUnsubscribed', async () => {
    const fake = await provider();
    await fake.receiveReply({ from: ATTENDEE, body: 'STOP' });
    const refused = await postMessage(fake, VALID_MESSAGE);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual(twilioError(21610));
    expect(fake.messages()).toEqual([]);
  });

  it('START, UNSTOP and YES opt the sender back in', async () => {
    const fake = await provider();
    for (const body of ['start', 'UNSTOP', ' Yes ']) {
      await fake.receiveReply({ from: ATTENDEE, body: 'STOP' });
      expect(await sendTo(fake, ATTENDEE)).toEqual([400, 21610]);
      const reply = await fake.receiveReply({ from: ATTENDEE, body });
      expect(reply.optOutChange).toBe('opt-in');
      expect(await sendTo(fake, ATTENDEE)).toEqual([201, null]);
    }
  });

  it('a keyword inside a longer text is an ordinary message', async () => {
    const fake = await provider();
    for (const body of ['please stop', 'stop it', 'STOP STOP', '']) {
      expect((await fake.receiveReply({ from: ATTENDEE, body })).optOutChange).toBeNull();
    }
    expect(fake.unsubscribed()).toEqual([]);
  });

  it('without an incoming message URL, STOP is acted on and nothing is posted', async () => {
    const fake = await provider();
    const reply = await fake.receiveReply({ from: ATTENDEE, body: 'STOP' });
    expect(reply).toMatchObject({ url: null, signature: null, httpStatus: null, error: null });
    expect(fake.unsubscribed()).toEqual([ATTENDEE]);
  });

  it("records the webhook's answer, and a webhook that fails, after acting on STOP", async () => {
    const failing = await receiver(500);
    const fake = await provider({ incomingMessageUrl: failing.url });
    expect((await fake.receiveReply({ from: ATTENDEE, body: 'hello' })).httpStatus).toBe(500);

    const refused = `http://127.0.0.1:${await closedPort()}/sms`;
    fake.setIncomingMessageUrl(refused);
    const reply = await fake.receiveReply({ from: ATTENDEE, body: 'STOP' });
    expect(reply).toMatchObject({ url: refused, httpStatus: null, optOutChange: 'opt-out' });
    expect(reply.error).toMatch(/ECONNREFUSED|fetch failed/);
    expect(fake.unsubscribed()).toEqual([ATTENDEE]);
  });

  it('refuses an invalid reply or incoming message URL in-process', async () => {
    const fake = await provider();
    await expect(fake.receiveReply({ from: '5558675310', body: 'STOP' })).rejects.toThrow(/E.164/);
    await expect(fake.receiveReply({ from: ATTENDEE, body: 'a'.repeat(1601) })).rejects.toThrow(
      /body/,
    );
    const geo = { Planet: 'Mars' } as unknown as { FromCity: string };
    await expect(fake.receiveReply({ from: ATTENDEE, body: 'hi', geo })).rejects.toThrow(/Planet/);
    expect(() => fake.setIncomingMessageUrl('ftp://127.0.0.1/sms')).toThrow(/incomingMessageUrl/);
    expect(fake.unsubscribed()).toEqual([]);
  });

  it('refuses an opt-out past the limit of the unsubscribed list, and keeps the list as it was', async () => {
    const fake = await provider();
    const full = Array.from({ length: UNSUBSCRIBED_NUMBERS_MAX }, (_, i) => `+1666${i}`);
    fake.setUnsubscribed(full);
    await expect(fake.receiveReply({ from: ATTENDEE, body: 'STOP' })).rejects.toThrow(/limit/);
    // A number already on the list may say STOP again.
    const again = await fake.receiveReply({ from: full[0]!, body: 'stop' });
    expect(again.optOutChange).toBe('opt-out');
    expect(fake.unsubscribed()).toHaveLength(UNSUBSCRIBED_NUMBERS_MAX);
  });
});

describe('replies through the control API', () => {
  const control = (fake: FakeSmsProvider, path: string, method = 'GET', body?: unknown) =>
    fetch(`${fake.url}/_fake/${path}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it('sets the incoming message URL and receives a STOP', async () => {
    const sms = await receiver();
    const fake = await provider();
    const set = await control(fake, 'incoming-message-url', 'PUT', { url: `${sms.url}/in` });
    expect(await set.json()).toEqual({ url: `${sms.url}/in` });

    const received = await control(fake, 'replies', 'POST', { from: ATTENDEE, body: 'STOP' });
    expect(received.status).toBe(200);
    const reply = (await received.json()) as RecordedReply;
    expect(reply).toMatchObject({ httpStatus: 204, optOutChange: 'opt-out', url: `${sms.url}/in` });
    expect(sms.received[0]?.params).toMatchObject({ Body: 'STOP', MessageSid: reply.messageSid });
    expect(await (await control(fake, 'unsubscribed')).json()).toEqual([ATTENDEE]);
  });

  it('refuses an invalid reply or URL with 400, changing nothing', async () => {
    const fake = await provider();
    for (const body of [{ from: 'nobody', body: 'STOP' }, { from: ATTENDEE }, ['STOP']]) {
      const response = await control(fake, 'replies', 'POST', body);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: expect.any(String) as string });
    }
    for (const body of [{ url: 'not a url' }, { url: 'http://bad_host/sms' }, {}]) {
      expect((await control(fake, 'incoming-message-url', 'PUT', body)).status).toBe(400);
    }
    expect(await (await control(fake, 'incoming-message-url')).json()).toEqual({ url: null });
    expect(fake.unsubscribed()).toEqual([]);
  });

  it('reset takes the incoming message URL back to the one the fake started with', async () => {
    const first = await receiver();
    const second = await receiver();
    const fake = await provider({ incomingMessageUrl: first.url });
    fake.setIncomingMessageUrl(second.url);
    await fake.receiveReply({ from: ATTENDEE, body: 'STOP' });
    expect((await control(fake, 'reset', 'POST')).status).toBe(204);
    expect(await (await control(fake, 'incoming-message-url')).json()).toEqual({ url: first.url });
    expect(fake.unsubscribed()).toEqual([]);
  });
});
