import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { API_REQUEST_BODY_BYTES_MAX, startFakeSmsProvider, twilioError } from '../src/index.ts';
import type { FakeSmsProvider } from '../src/index.ts';
import { readTwilioOpenApi } from '../src/twilio-openapi.ts';
import { nextEvent } from './next-event.ts';
import { basicAuth, getJson, messagesUrl, postMessage, VALID_MESSAGE } from './twilio-client.ts';

interface PropertySchema {
  type?: string;
  nullable?: boolean;
  pattern?: string;
  format?: string;
  $ref?: string;
}
interface Spec {
  components: {
    schemas: Record<string, { properties: Record<string, PropertySchema>; enum?: string[] }>;
  };
}

const RFC_2822_GMT =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/;

/** Every problem of `value` against one property of Twilio's schema. */
function propertyProblems(spec: Spec, name: string, schema: PropertySchema, value: unknown) {
  if (schema.$ref !== undefined) {
    const allowed = spec.components.schemas[schema.$ref.split('/').pop()!]?.enum ?? [];
    return allowed.includes(value as string) ? [] : [`${name}: ${String(value)} not in enum`];
  }
  if (value === null) return schema.nullable === true ? [] : [`${name}: null, not nullable`];
  const type = Array.isArray(value) ? 'array' : typeof value;
  const expected = schema.type === 'integer' ? 'number' : schema.type;
  if (type !== expected) return [`${name}: ${type}, expected ${schema.type}`];
  if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(value as string)) {
    return [`${name}: does not match ${schema.pattern}`];
  }
  if (schema.format === 'date-time-rfc-2822' && !RFC_2822_GMT.test(value as string)) {
    return [`${name}: not an RFC 2822 date`];
  }
  return [];
}

function schemaProblems(spec: Spec, schemaName: string, body: Record<string, unknown>): string[] {
  const { properties } = spec.components.schemas[schemaName]!;
  const missing = Object.keys(properties).filter((name) => !Object.hasOwn(body, name));
  const extra = Object.keys(body).filter((name) => !Object.hasOwn(properties, name));
  return [
    ...missing.map((name) => `missing ${name}`),
    ...extra.map((name) => `not in the schema: ${name}`),
    ...Object.entries(properties).flatMap(([name, schema]) =>
      Object.hasOwn(body, name) ? propertyProblems(spec, name, schema, body[name]) : [],
    ),
  ];
}

let provider: FakeSmsProvider;
beforeEach(async () => {
  provider = await startFakeSmsProvider();
});
afterEach(async () => {
  await provider.close();
});

describe('creating a message', () => {
  it("answers 201 with a queued message in Twilio's formats", async () => {
    const response = await postMessage(provider, VALID_MESSAGE);
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      account_sid: provider.accountSid,
      api_version: '2010-04-01',
      body: VALID_MESSAGE.Body,
      direction: 'outbound-api',
      from: VALID_MESSAGE.From,
      to: VALID_MESSAGE.To,
      status: 'queued',
      num_segments: '1',
      num_media: '0',
      price: null,
      error_code: null,
      error_message: null,
      messaging_service_sid: null,
    });
    expect(body.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(body.date_created).toMatch(RFC_2822_GMT);
    expect(body.date_updated).toMatch(RFC_2822_GMT);
    const sid = body.sid as string;
    expect(body.uri).toBe(`/2010-04-01/Accounts/${provider.accountSid}/Messages/${sid}.json`);
    expect(body.subresource_uris).toEqual({
      media: `/2010-04-01/Accounts/${provider.accountSid}/Messages/${sid}/Media.json`,
    });
  });

  it("answers exactly the fields of api.v2010.account.message in Twilio's OpenAPI file", async () => {
    const spec = readTwilioOpenApi() as Spec;
    const response = await postMessage(provider, {
      ...VALID_MESSAGE,
      MessagingServiceSid: `MG${'ab'.repeat(16)}`,
    });
    const created = (await response.json()) as Record<string, unknown>;
    expect(schemaProblems(spec, 'api.v2010.account.message', created)).toEqual([]);
    // Once sent, date_sent is filled in: check that form too.
    await nextEvent(provider.events, 'status');
    const fetched = await getJson(provider, created.uri as string);
    const sent = (await fetched.json()) as Record<string, unknown>;
    expect(sent.date_sent).not.toBeNull();
    expect(schemaProblems(spec, 'api.v2010.account.message', sent)).toEqual([]);
  });

  it('records the message with what the client asked for', async () => {
    const callback = 'http://127.0.0.1:9/status';
    const response = await postMessage(provider, {
      ...VALID_MESSAGE,
      StatusCallback: callback,
      ValidityPeriod: '600',
    });
    const { sid } = (await response.json()) as { sid: string };
    const [message] = provider.messages();
    expect(message).toMatchObject({
      sid,
      to: VALID_MESSAGE.To,
      from: VALID_MESSAGE.From,
      body: VALID_MESSAGE.Body,
      statusCallback: callback,
      validityPeriodSeconds: 600,
      messagingServiceSid: null,
      responseDelivered: true,
    });
    expect(provider.requests()).toEqual([
      expect.objectContaining({
        method: 'POST',
        status: 201,
        outcome: 'answered',
        messageSid: sid,
      }),
    ]);
  });

  it('accepts a Messaging Service instead of a sender, and assigns one when sent', async () => {
    const service = `MG${'0f'.repeat(16)}`;
    const response = await postMessage(provider, {
      To: VALID_MESSAGE.To,
      MessagingServiceSid: service,
      Body: 'hi',
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ from: null, messaging_service_sid: service });
    const [sent] = await nextEvent(provider.events, 'status');
    expect(sent.from).toMatch(/^\+\d+$/);
  });

  it('takes 50 concurrent sends as exactly 50 distinct messages', async () => {
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        postMessage(provider, { ...VALID_MESSAGE, Body: `order ${i}` }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(201));
    const messages = provider.messages();
    expect(messages).toHaveLength(50);
    expect(new Set(messages.map((m) => m.sid)).size).toBe(50);
    expect(new Set(messages.map((m) => m.body)).size).toBe(50);
  });
});

describe('rejecting a message the way Twilio does', () => {
  const cases: [string, Record<string, string>, number][] = [
    ['no To', { From: VALID_MESSAGE.From, Body: 'x' }, 21604],
    ['a To that is not a number', { ...VALID_MESSAGE, To: 'attendee' }, 21211],
    ['a To not in E.164', { ...VALID_MESSAGE, To: '5558675310' }, 21211],
    ['neither From nor MessagingServiceSid', { To: VALID_MESSAGE.To, Body: 'x' }, 21603],
    ['an invalid From', { ...VALID_MESSAGE, From: 'not valid!!' }, 21212],
    ['an invalid MessagingServiceSid', { ...VALID_MESSAGE, MessagingServiceSid: 'MG12' }, 21705],
    ['no Body and no media', { To: VALID_MESSAGE.To, From: VALID_MESSAGE.From }, 21602],
    ['an empty Body', { ...VALID_MESSAGE, Body: '' }, 21602],
    ['a Body over 1600 characters', { ...VALID_MESSAGE, Body: 'a'.repeat(1601) }, 21617],
    ['an invalid StatusCallback', { ...VALID_MESSAGE, StatusCallback: 'not a url' }, 21609],
    ['a ValidityPeriod of 0', { ...VALID_MESSAGE, ValidityPeriod: '0' }, 90014],
    ['a ValidityPeriod that is not a number', { ...VALID_MESSAGE, ValidityPeriod: 'x' }, 90014],
    ['a ValidityPeriod over 36000', { ...VALID_MESSAGE, ValidityPeriod: '36001' }, 90007],
  ];

  it.each(cases)('answers 400 for %s (code %i) and records no message', async (_, params, code) => {
    const response = await postMessage(provider, params);
    expect(response.status).toBe(400);
    const body = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['code', 'message', 'more_info', 'status']);
    expect(body).toMatchObject({
      code,
      status: 400,
      more_info: `https://www.twilio.com/docs/errors/${code}`,
    });
    expect(provider.messages()).toEqual([]);
    expect(provider.requests()).toEqual([
      expect.objectContaining({ status: 400, errorCode: code, messageSid: null }),
    ]);
  });

  it('accepts the limits themselves: 1600 characters, ValidityPeriod 1 and 36000', async () => {
    const bodies = ['a'.repeat(1600), 'ž'.repeat(1600)];
    for (const Body of bodies) {
      expect((await postMessage(provider, { ...VALID_MESSAGE, Body })).status).toBe(201);
    }
    for (const ValidityPeriod of ['1', '36000']) {
      expect((await postMessage(provider, { ...VALID_MESSAGE, ValidityPeriod })).status).toBe(201);
    }
  });

  it('answers 21610 for a number that replied STOP, and sends to it again once removed', async () => {
    provider.setUnsubscribed([VALID_MESSAGE.To]);
    const refused = await postMessage(provider, VALID_MESSAGE);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual(twilioError(21610));
    provider.setUnsubscribed([]);
    expect((await postMessage(provider, VALID_MESSAGE)).status).toBe(201);
  });

  it('answers 401 (code 20003) without credentials or with wrong ones', async () => {
    for (const authorization of [null, basicAuth(provider.accountSid, 'wrong'), 'Bearer x']) {
      const response = await postMessage(provider, VALID_MESSAGE, { authorization });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Basic/);
      expect(await response.json()).toEqual(twilioError(20003));
    }
    expect(provider.messages()).toEqual([]);
  });

  it("answers 404 (code 20404) for another account's path", async () => {
    const other = `AC${'1'.repeat(32)}`;
    const response = await postMessage(provider, VALID_MESSAGE, { accountSid: other });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 20404, status: 404 });
    expect(provider.messages()).toEqual([]);
  });

  it('answers 413 for a request body over the limit, and records nothing', async () => {
    const Body = 'a'.repeat(API_REQUEST_BODY_BYTES_MAX);
    const response = await postMessage(provider, { ...VALID_MESSAGE, Body });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ status: 413 });
    expect(provider.messages()).toEqual([]);
  });

  it('answers 405 (code 20004) for an operation the fake does not implement', async () => {
    const response = await fetch(messagesUrl(provider), {
      method: 'DELETE',
      headers: { authorization: basicAuth(provider.accountSid, provider.authToken) },
    });
    expect(response.status).toBe(405);
    expect(await response.json()).toEqual(twilioError(20004));
  });
});
