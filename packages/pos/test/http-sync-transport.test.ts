import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { PULL_PATH, PUSH_PATH } from '@tabline/protocol';
import type { PushRequest, PushResponse } from '@tabline/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHttpSyncTransport } from '../src/index.ts';
import type { HttpSyncTransportOptions, TransportFailure, TransportResult } from '../src/index.ts';
import { catalogPage } from './support/catalog.ts';
import { createManualClock } from './support/manual-clock.ts';
import { SERVER_TIME } from './support/scripted-sync-transport.ts';

interface Received {
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

const REQUEST: PushRequest = {
  items: [
    {
      kind: 'order.place',
      idempotencyKey: '0190a0a0-0000-7000-8000-0000000000a1',
      deviceSeq: 1,
      payload: {
        orderId: '0190a0a0-0000-7000-8000-0000000000b1',
        wristbandUid: 'TL0001',
        locationId: null,
        currency: 'USD',
        items: [
          {
            productId: '0190a0a0-0000-7000-8000-0000000000c1',
            productName: 'Lager',
            categoryId: null,
            unitPriceCents: 650,
            quantity: 1,
            discountCents: 0,
            promotionIds: [],
          },
        ],
        totalCents: 650,
        placedAt: '2026-07-04T18:00:00.000Z',
        catalogVersion: 7,
      },
    },
  ],
};

const ANSWER: PushResponse = {
  results: [
    {
      idempotencyKey: '0190a0a0-0000-7000-8000-0000000000a1',
      outcome: 'accepted',
      replayed: false,
      order: {
        orderId: '0190a0a0-0000-7000-8000-0000000000b1',
        receivedAt: SERVER_TIME,
        flags: [],
      },
    },
  ],
  serverTime: SERVER_TIME,
};

function failureOf<T>(result: TransportResult<T>): TransportFailure {
  if (result.ok) throw new Error('expected the request to fail');
  return result.error;
}

/** A real HTTP server on a free port; each test says how it answers. */
describe('HTTP sync transport', () => {
  let server: Server;
  let baseUrl: string;
  let received: Received[];
  let handle: (request: IncomingMessage, response: ServerResponse) => void;

  beforeEach(async () => {
    received = [];
    server = createServer((request, response) => {
      let body = '';
      request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        received.push({ method: request.method, url: request.url, headers: request.headers, body });
        handle(request, response);
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  });

  const transport = (options: Partial<HttpSyncTransportOptions> = {}) =>
    createHttpSyncTransport({ baseUrl, deviceToken: 'device-secret', ...options });
  const answerJson = (status: number, body: unknown, headers: Record<string, string> = {}) => {
    handle = (_request, response) => {
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(JSON.stringify(body));
    };
  };
  const never = new AbortController().signal;

  it('pushes JSON with the device token and returns the checked answer', async () => {
    answerJson(200, ANSWER);

    const result = await transport().push(REQUEST, never);

    expect(result).toEqual({ ok: true, value: ANSWER });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      method: 'POST',
      url: PUSH_PATH,
      body: JSON.stringify(REQUEST),
    });
    expect(received[0]?.headers).toMatchObject({
      authorization: 'Bearer device-secret',
      'content-type': 'application/json',
    });
  });

  it('pulls with the cursor and page size in the query', async () => {
    answerJson(200, catalogPage());

    const result = await transport({ baseUrl: `${baseUrl}/` }).pull(
      { cursor: '7', limit: '100' },
      never,
    );

    expect(result).toEqual({ ok: true, value: catalogPage() });
    expect(received[0]).toMatchObject({
      method: 'GET',
      url: `${PULL_PATH}?cursor=7&limit=100`,
      body: '',
    });
    expect(received[0]?.headers.authorization).toBe('Bearer device-secret');
  });

  it('reads a problem answer: status, code, detail and Retry-After in seconds', async () => {
    handle = (_request, response) => {
      response.writeHead(503, { 'content-type': 'application/problem+json', 'retry-after': '2' });
      response.end(
        JSON.stringify({
          type: '/problems/server.unavailable',
          title: 'Unavailable',
          status: 503,
          code: 'server.unavailable',
          detail: 'Try again shortly.',
        }),
      );
    };

    expect(await transport().push(REQUEST, never)).toEqual({
      ok: false,
      error: {
        kind: 'http',
        status: 503,
        code: 'server.unavailable',
        retryAfterMs: 2000,
        message: 'Try again shortly.',
      },
    });
  });

  it('reads a Retry-After date against the injected clock', async () => {
    const clock = createManualClock();
    const inNinetySeconds = new Date(clock.now() + 90_000).toUTCString();
    answerJson(
      429,
      { code: 'server.unavailable', title: 'Slow down' },
      { 'retry-after': inNinetySeconds },
    );

    const result = await transport({ clock }).push(REQUEST, never);

    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'http', status: 429, retryAfterMs: 90_000 },
    });
  });

  it('reports an error page from a proxy by its status', async () => {
    handle = (_request, response) => {
      response.writeHead(502, { 'content-type': 'text/html' });
      response.end('<html>Bad gateway</html>');
    };
    expect(await transport().push(REQUEST, never)).toEqual({
      ok: false,
      error: { kind: 'http', status: 502, message: 'HTTP 502 Bad Gateway' },
    });
  });

  it('refuses a 200 that is not JSON, as a captive portal answers', async () => {
    handle = (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<html>Log in to Venue Wi-Fi</html>');
    };
    const failure = failureOf(await transport().push(REQUEST, never));
    expect(failure.kind).toBe('invalid-response');
    expect(failure.message).toMatch(/captive portal/);
  });

  it('refuses a redirect instead of following it', async () => {
    handle = (_request, response) => {
      response.writeHead(302, { location: 'http://portal.example/login' });
      response.end();
    };
    expect(await transport().push(REQUEST, never)).toMatchObject({
      ok: false,
      error: { kind: 'network' },
    });
  });

  it('refuses JSON that does not match the protocol', async () => {
    answerJson(200, { results: [{ outcome: 'accepted' }], serverTime: SERVER_TIME });
    const failure = failureOf(await transport().push(REQUEST, never));
    expect(failure.kind).toBe('invalid-response');
    expect(failure.message).toMatch(/does not match the protocol: \/results\/0/);
  });

  it('refuses an answer larger than the limit without reading all of it', async () => {
    answerJson(200, { ...ANSWER, padding: 'x'.repeat(10_000) });
    const failure = failureOf(await transport({ responseBytesMax: 1000 }).push(REQUEST, never));
    expect(failure.kind).toBe('invalid-response');
    expect(failure.message).toMatch(/larger than the limit/);
  });

  it('times out a server that never answers', async () => {
    handle = () => undefined;
    expect(await transport({ timeoutMs: 100 }).push(REQUEST, never)).toEqual({
      ok: false,
      error: { kind: 'timeout', message: 'No complete answer within 100 ms.' },
    });
  });

  it('reports an aborted request as a network failure', async () => {
    const controller = new AbortController();
    handle = () => controller.abort();
    expect(await transport().push(REQUEST, controller.signal)).toEqual({
      ok: false,
      error: { kind: 'network', message: 'The request was aborted.' },
    });
  });

  it('reports a refused connection as a network failure', async () => {
    const gone = createServer().listen(0, '127.0.0.1');
    await once(gone, 'listening');
    const { port } = gone.address() as AddressInfo;
    gone.close();
    await once(gone, 'close');
    const closedPort = transport({ baseUrl: `http://127.0.0.1:${port}` });
    const failure = failureOf(await closedPort.push(REQUEST, never));
    expect(failure.kind).toBe('network');
    expect(failure.message).toMatch(/ECONNREFUSED/);
  });
});
