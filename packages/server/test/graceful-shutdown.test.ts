import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUSH_PATH } from '@tabline/protocol';
import type { PlaceOrderWorkItem, PushResponse } from '@tabline/protocol';
import { createEventFixture } from '@tabline/testkit/event-fixture';
import type { EventFixture } from '@tabline/testkit/event-fixture';
import { placeOrderItem } from '@tabline/testkit/place-order-item';
import { createTestDatabase, testDatabaseKinds } from '@tabline/testkit/test-database';
import type { TestDatabase } from '@tabline/testkit/test-database';
import { startTestStack } from '@tabline/testkit/test-stack';
import type { TestServerOptions } from '@tabline/testkit/test-stack';
import { gate } from '@tabline/testkit/gate';
import { interceptTransactions, until } from './support/intercepted-database.ts';
import { pushEffects, storedOnce } from './support/push-effects.ts';

interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** Reads HTTP/1.1 responses (with Content-Length) from raw bytes, in order. */
function parseResponses(raw: string): RawResponse[] {
  const responses: RawResponse[] = [];
  let rest = raw;
  while (rest.length > 0) {
    const headEnd = rest.indexOf('\r\n\r\n');
    if (headEnd < 0) break;
    const [statusLine, ...lines] = rest.slice(0, headEnd).split('\r\n');
    const headers = Object.fromEntries(
      lines.map((line) => {
        const colon = line.indexOf(':');
        return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
      }),
    );
    const length = Number(headers['content-length'] ?? 0);
    const bodyStart = headEnd + 4;
    responses.push({
      status: Number(statusLine!.split(' ')[1]),
      headers,
      body: rest.slice(bodyStart, bodyStart + length),
    });
    rest = rest.slice(bodyStart + length);
  }
  return responses;
}

function pushRequest(token: string, items: PlaceOrderWorkItem[]): string {
  const body = JSON.stringify({ items });
  return (
    `POST ${PUSH_PATH} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${token}\r\n` +
    `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  );
}

/** Everything the server sends on this socket until it closes it. */
async function received(socket: Socket): Promise<{ text: string; error: Error | null }> {
  let text = '';
  let error: Error | null = null;
  socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  socket.on('error', (e) => (error = e));
  await once(socket, 'close');
  return { text, error };
}

/**
 * The push's transaction holds before COMMIT until the test lets it go, so
 * `app.close()` is called with a request certainly in flight.
 */
for (const kind of testDatabaseKinds()) {
  describe(`graceful shutdown on ${kind}`, () => {
    let test: TestDatabase;
    let fixture: EventFixture;
    beforeAll(async () => {
      test = await createTestDatabase(kind);
      fixture = await createEventFixture(test.database);
    });
    afterAll(() => test?.dispose());

    async function startHeldStack(server: TestServerOptions = {}) {
      const entered = gate();
      const release = gate();
      const db = interceptTransactions(test.database, {
        beforeCommit: async () => {
          entered.open();
          await release.promise;
        },
      });
      const stack = await startTestStack(test, { workers: false, serverDatabase: db, server });
      const { port } = new URL(stack.url);
      const socket = connect(Number(port), '127.0.0.1');
      await once(socket, 'connect');
      return { stack, entered, release, socket, port: Number(port) };
    }

    it('finishes a request in flight and answers 503 with Retry-After to one that arrives while closing', async () => {
      const { stack, entered, release, socket, port } = await startHeldStack();
      // A slow client: its request has begun (so its connection is not idle)
      // when shutdown starts, and is complete only after.
      const slow = connect(port, '127.0.0.1');
      try {
        await once(slow, 'connect');
        const items = [placeOrderItem(fixture)];
        const answers = received(socket);
        const slowAnswers = received(slow);
        socket.write(pushRequest(fixture.deviceToken, items));
        slow.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n');
        await entered.promise;

        const closed = stack.app.close();
        await until(() => !stack.app.server.listening);
        slow.write('\r\n');
        const [late] = parseResponses((await slowAnswers).text);
        await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();

        release.open();
        await closed;
        const [inFlight] = parseResponses((await answers).text);
        expect(inFlight!.status).toBe(200);
        expect(inFlight!.headers['connection']).toBe('close');
        const body = JSON.parse(inFlight!.body) as PushResponse;
        expect(body.results[0]).toMatchObject({ outcome: 'accepted', replayed: false });
        expect(await pushEffects(test.database, fixture.deviceId, items)).toEqual(
          storedOnce(items),
        );

        expect(late!.status).toBe(503);
        expect(late!.headers['retry-after']).toBe('1');
        expect(late!.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(JSON.parse(late!.body)).toMatchObject({ code: 'server.unavailable' });
      } finally {
        release.open();
        socket.destroy();
        slow.destroy();
        await stack.stop();
      }
    });

    it('cuts a request still in flight after the grace period, so shutdown ends', async () => {
      const { stack, entered, release, socket } = await startHeldStack({ shutdownGraceMs: 10 });
      try {
        const items = [placeOrderItem(fixture)];
        const answers = received(socket);
        socket.write(pushRequest(fixture.deviceToken, items));
        await entered.promise;

        // Resolves although the push never got past its gate.
        await stack.app.close();
        const { text } = await answers;
        expect(text).toBe('');
      } finally {
        release.open();
        socket.destroy();
        // The cut request's transaction commits once let go: as a lost
        // response, the device's retry with the same keys will be replayed.
        await until(() => test.database.stats().connectionsBusy === 0);
        await stack.stop();
      }
    });
  });
}
