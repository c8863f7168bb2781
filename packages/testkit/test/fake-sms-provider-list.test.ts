import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeSmsProvider } from '../src/index.ts';
import type { FakeSmsProvider, TwilioMessageList } from '../src/index.ts';
import { readTwilioOpenApi } from '../src/twilio-openapi.ts';
import { nextEvent } from './next-event.ts';
import { getJson, postMessage, VALID_MESSAGE } from './twilio-client.ts';

const DAY_MS = 86_400_000;

/** The properties of the list answer in Twilio's OpenAPI file. */
function listResponseProperties(): string[] {
  const spec = readTwilioOpenApi() as {
    paths: Record<string, { get: { responses: Record<string, unknown> } }>;
  };
  const ok = spec.paths['/2010-04-01/Accounts/{AccountSid}/Messages.json']?.get.responses[
    '200'
  ] as { content: { 'application/json': { schema: { properties: object } } } };
  return Object.keys(ok.content['application/json'].schema.properties).sort();
}
let nowMs = Date.UTC(2026, 10, 20, 21, 30);
let provider: FakeSmsProvider;
let listPath: string;

/** Sends a text and waits until it is delivered, so its date_sent is now. */
async function sendDelivered(params: Record<string, string>): Promise<string> {
  const delivered = nextEvent(provider.events, 'status', (m) => m.status === 'delivered');
  const response = await postMessage(provider, { ...VALID_MESSAGE, ...params });
  expect(response.status).toBe(201);
  return (await delivered)[0].sid;
}

async function list(query: string): Promise<TwilioMessageList> {
  const response = await getJson(provider, `${listPath}${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as TwilioMessageList;
}

const sids = (page: TwilioMessageList): string[] => page.messages.map((m) => m.sid);

let day1: string, day2a: string, day2b: string, day3: string;
beforeEach(async () => {
  nowMs = Date.UTC(2026, 10, 20, 21, 30);
  provider = await startFakeSmsProvider({ clock: { now: () => nowMs } });
  listPath = `/2010-04-01/Accounts/${provider.accountSid}/Messages.json`;
  day1 = await sendDelivered({ To: '+15550000001', Body: 'first' });
  nowMs += DAY_MS;
  day2a = await sendDelivered({ To: '+15550000002', Body: 'second' });
  nowMs += 1_000;
  day2b = await sendDelivered({ To: '+15550000001', From: 'TABLINE', Body: 'third' });
  nowMs += DAY_MS;
  day3 = await sendDelivered({ To: '+15550000003', Body: 'fourth' });
});
afterEach(async () => {
  await provider.close();
});

describe('listing messages', () => {
  it("answers Twilio's list envelope, newest first", async () => {
    const page = await list('');
    expect(sids(page)).toEqual([day3, day2b, day2a, day1]);
    expect(page).toMatchObject({
      page: 0,
      page_size: 50,
      start: 0,
      end: 3,
      next_page_uri: null,
      previous_page_uri: null,
      first_page_uri: `${listPath}?PageSize=50&Page=0`,
      uri: `${listPath}?PageSize=50&Page=0`,
    });
  });

  it("answers exactly the fields of ListMessageResponse in Twilio's OpenAPI file", async () => {
    expect(Object.keys(await list('')).sort()).toEqual(listResponseProperties());
  });

  it('filters by To and From', async () => {
    expect(sids(await list('?To=%2B15550000001'))).toEqual([day2b, day1]);
    expect(sids(await list('?From=TABLINE'))).toEqual([day2b]);
    expect(sids(await list('?To=%2B15550000001&From=TABLINE'))).toEqual([day2b]);
    expect(sids(await list('?To=%2B15559999999'))).toEqual([]);
  });

  it('filters by DateSent, DateSent< and DateSent>', async () => {
    expect(sids(await list('?DateSent=2026-11-21'))).toEqual([day2b, day2a]);
    expect(sids(await list('?DateSent<=2026-11-21'))).toEqual([day2b, day2a, day1]);
    expect(sids(await list('?DateSent>=2026-11-21'))).toEqual([day3, day2b, day2a]);
    expect(sids(await list('?DateSent>=2026-11-21&DateSent<=2026-11-21'))).toEqual([day2b, day2a]);
    const instant = encodeURIComponent('2026-11-21T21:30:01Z');
    expect(sids(await list(`?DateSent>=${instant}`))).toEqual([day3, day2b]);
  });

  it('excludes messages not yet sent from DateSent filters', async () => {
    const unsent = await startFakeSmsProvider({ deliveryDelayMs: 60_000 });
    try {
      await postMessage(unsent, VALID_MESSAGE);
      const path = `/2010-04-01/Accounts/${unsent.accountSid}/Messages.json`;
      const all = (await (await getJson(unsent, path)).json()) as TwilioMessageList;
      expect(all.messages).toHaveLength(1);
      const filtered = await getJson(unsent, `${path}?DateSent>=2000-01-01`);
      expect(((await filtered.json()) as TwilioMessageList).messages).toEqual([]);
    } finally {
      await unsent.close();
    }
  });

  it('pages with PageSize and the next and previous page URIs', async () => {
    const first = await list('?PageSize=3');
    expect(sids(first)).toEqual([day3, day2b, day2a]);
    expect(first.next_page_uri).not.toBeNull();
    const second = await list(first.next_page_uri!.slice(listPath.length));
    expect(sids(second)).toEqual([day1]);
    expect(second).toMatchObject({ page: 1, start: 3, end: 3, next_page_uri: null });
    expect(second.previous_page_uri).not.toBeNull();
    const back = await list(second.previous_page_uri!.slice(listPath.length));
    expect(sids(back)).toEqual([day3, day2b, day2a]);
  });

  it('keeps the filters in page URIs', async () => {
    const page = await list('?To=%2B15550000001&PageSize=1');
    expect(sids(page)).toEqual([day2b]);
    expect(page.next_page_uri).toContain('To=%2B15550000001');
    expect(sids(await list(page.next_page_uri!.slice(listPath.length)))).toEqual([day1]);
  });

  it('answers 400 for an invalid PageSize or date filter', async () => {
    for (const query of ['?PageSize=0', '?PageSize=1001', '?PageSize=x', '?DateSent=tomorrow']) {
      const response = await getJson(provider, `${listPath}${query}`);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ status: 400, code: 20001 });
    }
  });
});

describe('fetching one message', () => {
  it('answers the message resource', async () => {
    const response = await getJson(provider, `${listPath.slice(0, -5)}/${day2a}.json`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      sid: day2a,
      status: 'delivered',
      body: 'second',
    });
  });

  it('answers 404 (code 20404) for an unknown sid', async () => {
    const response = await getJson(provider, `${listPath.slice(0, -5)}/SM${'0'.repeat(32)}.json`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 20404, status: 404 });
  });
});
