import type { PlaceOrderWorkItem } from '@tabline/protocol';
import { POS_ENGINE_VERSION } from '../src/index.ts';
import { PUSH_ENVELOPE_BYTES } from '../src/sync/cut-push-batch.ts';
import { describe, expect, it } from 'vitest';
import { ADAPTERS } from './support/adapters.ts';
import { START_MS } from './support/manual-clock.ts';
import { placeOrders } from './support/place-orders.ts';
import { openPosHarness } from './support/pos-harness.ts';
import type { PosHarness, Tunables } from './support/pos-harness.ts';
import {
  NETWORK_DOWN,
  SERVER_TIME,
  acceptAll,
  answerEach,
  failWith,
  holdAnswer,
  respondWith,
} from './support/scripted-sync-transport.ts';
import type { PushAnswer } from './support/scripted-sync-transport.ts';
import { useTempDir } from './support/temp-dir.ts';

const storedPayloads = (harness: PosHarness) =>
  harness.db
    .all<{ payload: string }>('SELECT payload FROM outbox ORDER BY seq')
    .map((row) => row.payload);

const syncStates = (harness: PosHarness) =>
  harness.db
    .all<{ sync_state: string }>('SELECT sync_state FROM orders ORDER BY placed_at')
    .map((row) => row.sync_state);

for (const adapter of ADAPTERS) {
  describe(`syncing the outbox on ${adapter.name}`, () => {
    const tempDir = useTempDir();
    const openWithCatalog = async (tunables: Tunables = {}) => {
      const harness = openPosHarness(adapter, tempDir(), tunables);
      await harness.pullCatalog();
      return harness;
    };

    it('pushes queued orders oldest first, then deletes their work items and marks them synced', async () => {
      const harness = await openWithCatalog();
      const orders = placeOrders(harness, 3);
      harness.transport.answerPushes(answerEach(() => ({ flags: ['clock_skew'] })));

      const report = await harness.engine.sync();

      expect(report).toEqual({
        requests: 1,
        pushed: 3,
        accepted: 3,
        rejected: 0,
        remaining: 0,
        error: null,
      });
      const [push] = harness.transport.pushes;
      expect(push?.request.items.map((item) => item.deviceSeq)).toEqual([1, 2, 3]);
      expect(push?.request.items.map((item) => item.payload.orderId)).toEqual(
        orders.map((o) => o.id),
      );
      expect(harness.count('outbox')).toBe(0);
      expect(
        harness.db.all('SELECT sync_state, server_received_at, server_flags FROM orders'),
      ).toEqual(
        orders.map(() => ({
          sync_state: 'synced',
          server_received_at: SERVER_TIME,
          server_flags: '["clock_skew"]',
        })),
      );
      expect(harness.engine.status()).toMatchObject({
        lastSyncAt: START_MS + 3000,
        lastError: null,
      });
    });

    it('sends the stored bytes, and a retry after a failure sends the same bytes under the same keys', async () => {
      const harness = await openWithCatalog();
      placeOrders(harness, 2);
      const stored = storedPayloads(harness);
      harness.transport.answerPushes(
        failWith({ kind: 'timeout', message: 'No answer' }),
        acceptAll,
      );

      const failed = await harness.engine.sync();
      const retried = await harness.engine.sync();

      expect(failed.error).toMatchObject({ kind: 'timeout' });
      expect(retried).toMatchObject({ accepted: 2, remaining: 0, error: null });
      const [first, retry] = harness.transport.pushes;
      expect(first?.itemsJson).toEqual(stored);
      expect(retry?.itemsJson).toEqual(stored);
    });

    it('keeps items queued with their attempts and the error when the network fails', async () => {
      const harness = await openWithCatalog();
      placeOrders(harness, 2);
      harness.transport.answerPushes(failWith(NETWORK_DOWN));

      const report = await harness.engine.sync();

      expect(report).toEqual({
        requests: 1,
        pushed: 2,
        accepted: 0,
        rejected: 0,
        remaining: 2,
        error: NETWORK_DOWN,
      });
      expect(harness.engine.queue().map((item) => [item.attempts, item.lastError])).toEqual([
        [1, 'network: fetch failed: ECONNREFUSED'],
        [1, 'network: fetch failed: ECONNREFUSED'],
      ]);
      expect(harness.engine.status()).toMatchObject({
        backlogCount: 2,
        lastError: NETWORK_DOWN,
        lastSyncAt: null,
      });
      expect(syncStates(harness)).toEqual(['queued', 'queued']);
    });

    it('clears the last error once a push is answered again', async () => {
      const harness = await openWithCatalog();
      placeOrders(harness, 1);
      harness.transport.answerPushes(failWith(NETWORK_DOWN), acceptAll);
      await harness.engine.sync();
      await harness.engine.sync();
      expect(harness.engine.status()).toMatchObject({ lastError: null, backlogCount: 0 });
    });

    it('reports a server error with its status, code and Retry-After, keeping the items queued', async () => {
      const harness = await openWithCatalog();
      placeOrders(harness, 1);
      const overloaded = {
        kind: 'http',
        status: 503,
        code: 'server.unavailable',
        retryAfterMs: 1000,
        message: 'Try again shortly.',
      } as const;
      harness.transport.answerPushes(failWith(overloaded));

      const report = await harness.engine.sync();

      expect(report).toMatchObject({ remaining: 1, error: overloaded });
      expect(harness.engine.queue()[0]?.lastError).toBe(
        'http 503 server.unavailable: Try again shortly.',
      );
    });

    const malformed: [string, (request: { items: PlaceOrderWorkItem[] }) => unknown][] = [
      ['does not match the schema', () => ({ results: 'all good' })],
      ['has fewer results than items', () => ({ results: [], serverTime: SERVER_TIME })],
      [
        'answers the items in another order',
        (request) => ({
          results: [...request.items].reverse().map((item) => ({
            idempotencyKey: item.idempotencyKey,
            outcome: 'accepted',
            replayed: false,
            order: { orderId: item.payload.orderId, receivedAt: SERVER_TIME, flags: [] },
          })),
          serverTime: SERVER_TIME,
        }),
      ],
      [
        'accepts an order other than the one sent',
        (request) => ({
          results: request.items.map((item, index) => ({
            idempotencyKey: item.idempotencyKey,
            outcome: 'accepted',
            replayed: false,
            order: {
              orderId: request.items[(index + 1) % request.items.length]!.payload.orderId,
              receivedAt: SERVER_TIME,
              flags: [],
            },
          })),
          serverTime: SERVER_TIME,
        }),
      ],
    ];

    it.each(malformed)('keeps items queued when the answer %s', async (_case, body) => {
      const harness = await openWithCatalog();
      placeOrders(harness, 2);
      harness.transport.answerPushes((request) =>
        respondWith(body({ items: request.items as PlaceOrderWorkItem[] }))(request),
      );

      const report = await harness.engine.sync();

      expect(report).toMatchObject({
        accepted: 0,
        remaining: 2,
        error: { kind: 'invalid-response' },
      });
      expect(harness.engine.queue().map((item) => item.attempts)).toEqual([1, 1]);
      expect(syncStates(harness)).toEqual(['queued', 'queued']);
    });

    it('parks a rejected item with its reason, and the items behind it still sync', async () => {
      const harness = await openWithCatalog();
      const orders = placeOrders(harness, 3);
      const refused = orders[0]!.id;
      harness.transport.answerPushes(
        answerEach((item) =>
          item.payload.orderId === refused
            ? { code: 'location.unknown', message: 'The location does not belong to this event.' }
            : { flags: [] },
        ),
      );

      const report = await harness.engine.sync();

      expect(report).toMatchObject({ accepted: 2, rejected: 1, remaining: 0, error: null });
      expect(syncStates(harness)).toEqual(['rejected', 'synced', 'synced']);
      expect(harness.engine.rejectedItems()).toEqual([
        expect.objectContaining({
          seq: 1,
          orderId: refused,
          wristbandUid: 'TL0001',
          amountCents: 650,
          code: 'location.unknown',
          message: 'The location does not belong to this event.',
          rejectedAt: START_MS + 3000,
        }),
      ]);
      expect(
        harness.db.get('SELECT rejection_code, rejection_message FROM orders WHERE id = ?', [
          refused,
        ]),
      ).toEqual({
        rejection_code: 'location.unknown',
        rejection_message: 'The location does not belong to this event.',
      });
      expect(harness.engine.status()).toMatchObject({ rejectedCount: 1, backlogCount: 0 });
    });

    it('splits the queue into batches of pushItemsMax, preserving seq order', async () => {
      const harness = await openWithCatalog({ pushItemsMax: 2 });
      placeOrders(harness, 5);
      harness.transport.answerPushes(acceptAll, acceptAll, acceptAll);

      const report = await harness.engine.sync();

      expect(report).toMatchObject({ requests: 3, pushed: 5, accepted: 5, remaining: 0 });
      const batches = harness.transport.pushes.map((push) =>
        push.request.items.map((item) => item.deviceSeq),
      );
      expect(batches).toEqual([[1, 2], [3, 4], [5]]);
    });

    it('sends the next batch before applying the answer to the one before, one push at a time', async () => {
      const harness = await openWithCatalog({ pushItemsMax: 2 });
      placeOrders(harness, 5);
      const third = holdAnswer(acceptAll);
      let statesAtSecondPush: string[] = [];
      harness.transport.answerPushes(
        acceptAll,
        (request) => {
          statesAtSecondPush = syncStates(harness);
          return acceptAll(request);
        },
        third.answer,
      );

      const sync = harness.engine.sync();
      await third.arrived;
      // The first answer was applied while the second push was in flight;
      // the second is applied while the third is.
      expect(statesAtSecondPush).toEqual(['queued', 'queued', 'queued', 'queued', 'queued']);
      expect(syncStates(harness)).toEqual(['synced', 'synced', 'queued', 'queued', 'queued']);
      third.release();

      expect(await sync).toMatchObject({ requests: 3, accepted: 5, remaining: 0, error: null });
      expect(syncStates(harness)).toEqual(Array(5).fill('synced'));
      expect(harness.transport.pushesInFlightMax).toBe(1);
    });

    it('keeps a batch applied when the push behind it gets no answer', async () => {
      const harness = await openWithCatalog({ pushItemsMax: 2 });
      placeOrders(harness, 4);
      harness.transport.answerPushes(acceptAll, failWith(NETWORK_DOWN));

      const report = await harness.engine.sync();

      expect(report).toMatchObject({
        requests: 2,
        pushed: 4,
        accepted: 2,
        remaining: 2,
        error: { kind: 'network' },
      });
      expect(syncStates(harness)).toEqual(['synced', 'synced', 'queued', 'queued']);
      expect(harness.engine.queue()).toMatchObject([
        { seq: 3, attempts: 1 },
        { seq: 4, attempts: 1 },
      ]);
    });

    it('lets the error of a transport that rejects (a bug) come out of sync(), the batch before applied', async () => {
      const harness = await openWithCatalog({ pushItemsMax: 1 });
      placeOrders(harness, 2);
      harness.transport.answerPushes(acceptAll, () => {
        throw new Error('a transport bug');
      });

      await expect(harness.engine.sync()).rejects.toThrow('a transport bug');
      expect(syncStates(harness)).toEqual(['synced', 'queued']);
    });

    it('waits for the push in flight when an answer cannot be applied, and replays both batches', async () => {
      const harness = await openWithCatalog({ pushItemsMax: 1 });
      placeOrders(harness, 2);
      const second = holdAnswer(acceptAll);
      harness.transport.answerPushes(acceptAll, second.answer, acceptAll, acceptAll);
      harness.db.exec('PRAGMA query_only = ON'); // writes now fail with SQLITE_READONLY

      let returned = false;
      const failed = harness.engine.sync().finally(() => (returned = true));
      await second.arrived;
      // The engine set its timer for the request to go out before this one:
      // once this fires, it has tried to apply the first answer.
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(returned).toBe(false);
      second.release();
      const report = await failed;
      expect(harness.transport.pushesInFlight).toBe(0);
      harness.db.exec('PRAGMA query_only = OFF');
      const replayed = await harness.engine.sync();

      expect(report).toMatchObject({
        requests: 2,
        accepted: 0,
        remaining: 2,
        error: { kind: 'storage', code: 'storage.failed' },
      });
      expect(replayed).toMatchObject({ requests: 2, accepted: 2, remaining: 0, error: null });
      const sent = harness.transport.pushes.map((push) => push.itemsJson);
      expect(sent.slice(2)).toEqual(sent.slice(0, 2));
      expect(harness.transport.pushesInFlightMax).toBe(1);
    });

    it('keeps every push body within pushBytesMax, preserving seq order', async () => {
      const harness = await openWithCatalog();
      placeOrders(harness, 5);
      const itemBytes = storedPayloads(harness).map(
        (payload) => new TextEncoder().encode(payload).length,
      );
      // Room for the envelope with its heartbeat and about two items, never three.
      const pushBytesMax = PUSH_ENVELOPE_BYTES + 2 * Math.max(...itemBytes) + 1;
      harness.reopen({ pushBytesMax });
      harness.transport.answerPushes(acceptAll, acceptAll, acceptAll);

      const report = await harness.engine.sync();

      expect(report).toMatchObject({ accepted: 5, remaining: 0 });
      const bodies = harness.transport.pushes.map((push) => JSON.stringify(push.request));
      for (const body of bodies)
        expect(new TextEncoder().encode(body).length).toBeLessThanOrEqual(pushBytesMax);
      expect(harness.transport.pushes.map((push) => push.request.items.length)).toEqual([2, 2, 1]);
      const seqs = harness.transport.pushes.flatMap((push) =>
        push.request.items.map((item) => item.deviceSeq),
      );
      expect(seqs).toEqual([1, 2, 3, 4, 5]);
    });

    it('sends an item bigger than pushBytesMax alone rather than never', async () => {
      const harness = await openWithCatalog({ pushBytesMax: 100 });
      placeOrders(harness, 2);
      harness.transport.answerPushes(acceptAll, acceptAll);

      const report = await harness.engine.sync();

      expect(report).toMatchObject({ requests: 2, accepted: 2, remaining: 0 });
    });

    it('makes one push at a time: a second sync while one runs shares it', async () => {
      const harness = await openWithCatalog();
      placeOrders(harness, 2);
      const held = holdAnswer(acceptAll);
      harness.transport.answerPushes(held.answer);

      const first = harness.engine.sync();
      await held.arrived;
      const second = harness.engine.sync();
      expect(harness.engine.status().syncing).toBe(true);
      held.release();

      expect(second).toBe(first);
      expect(await second).toMatchObject({ accepted: 2, remaining: 0 });
      expect(harness.transport.pushes).toHaveLength(1);
      expect(harness.transport.pushesInFlightMax).toBe(1);
      expect(harness.engine.status().syncing).toBe(false);
    });

    it('pushes orders placed during a push in the next batch of the same sync', async () => {
      const harness = await openWithCatalog();
      placeOrders(harness, 1);
      const held = holdAnswer(acceptAll);
      harness.transport.answerPushes(held.answer, acceptAll);

      const sync = harness.engine.sync();
      await held.arrived;
      placeOrders(harness, 1);
      held.release();

      expect(await sync).toMatchObject({ requests: 2, accepted: 2, remaining: 0 });
    });

    it('stops after pushBatchesPerSyncMax pushes and says how many remain', async () => {
      const harness = await openWithCatalog({ pushItemsMax: 1, pushBatchesPerSyncMax: 2 });
      placeOrders(harness, 3);
      harness.transport.answerPushes(acceptAll, acceptAll);

      expect(await harness.engine.sync()).toMatchObject({
        requests: 2,
        accepted: 2,
        remaining: 1,
        error: null,
      });
    });

    it('reports in with a heartbeat alone when nothing is queued', async () => {
      const harness = await openWithCatalog();
      harness.transport.answerPushes(acceptAll);
      expect(await harness.engine.sync()).toEqual({
        requests: 1,
        pushed: 0,
        accepted: 0,
        rejected: 0,
        remaining: 0,
        error: null,
      });
      expect(harness.transport.pushes.map((push) => push.request)).toEqual([
        {
          items: [],
          heartbeat: {
            appVersion: POS_ENGINE_VERSION,
            deviceTime: new Date(harness.clock.now()).toISOString(),
            backlogCount: 0,
            amountAtRiskCents: 0,
            oldestQueuedAgeMs: null,
          },
        },
      ]);
      expect(harness.engine.status().lastContactAt).toBe(harness.clock.now());
    });

    it("tells the server the backlog, the money at risk and the oldest item's age with each push", async () => {
      const harness = await openWithCatalog();
      placeOrders(harness, 3);
      harness.clock.advance(90_000);
      const { amountAtRiskCents: amount, oldestQueuedAgeMs: age } = harness.engine.status();
      expect(age).toBeGreaterThanOrEqual(90_000);
      harness.reopen({ pushItemsMax: 2 });
      harness.transport.answerPushes(acceptAll, acceptAll);
      await harness.engine.sync();
      const [first, second] = harness.transport.pushes.map((push) => push.request.heartbeat);
      expect(first).toMatchObject({
        backlogCount: 3,
        amountAtRiskCents: amount,
        oldestQueuedAgeMs: age,
      });
      expect(second).toMatchObject({ backlogCount: 1 });
      expect(second!.amountAtRiskCents).toBeLessThan(amount);
    });

    it('counts orders taken during a sync in the heartbeats of its later batches', async () => {
      const harness = await openWithCatalog();
      placeOrders(harness, 2);
      harness.reopen({ pushItemsMax: 2 });
      const duringFirstPush: PushAnswer = (request) => {
        placeOrders(harness, 3); // staff keep selling while the push is in flight
        return acceptAll(request);
      };
      harness.transport.answerPushes(duringFirstPush, acceptAll, acceptAll);
      const report = await harness.engine.sync();
      const beats = harness.transport.pushes.map((push) => push.request.heartbeat?.backlogCount);
      expect(report).toMatchObject({ accepted: 5, remaining: 0, error: null });
      // 2 at the start; 3 more came up with the second batch; the last one alone.
      expect(beats).toEqual([2, 3, 1]);
      expect(harness.transport.pushes.at(-1)!.request.heartbeat?.amountAtRiskCents).toBe(
        harness.transport.pushes
          .at(-1)!
          .request.items.reduce(
            (sum, item) => sum + (item.kind === 'order.place' ? item.payload.totalCents : 0),
            0,
          ),
      );
    });

    it('does not push when the caller aborted before', async () => {
      const harness = await openWithCatalog();
      placeOrders(harness, 1);
      const report = await harness.engine.sync(AbortSignal.abort());
      expect(report).toMatchObject({ requests: 0, remaining: 1, error: { kind: 'aborted' } });
    });

    it('reports a storage that cannot write the answer and keeps the items for the replay', async () => {
      const harness = await openWithCatalog();
      placeOrders(harness, 2);
      harness.transport.answerPushes(acceptAll, acceptAll);
      harness.db.exec('PRAGMA query_only = ON'); // writes now fail with SQLITE_READONLY

      const failed = await harness.engine.sync();
      harness.db.exec('PRAGMA query_only = OFF');
      const replayed = await harness.engine.sync();

      expect(failed).toMatchObject({
        accepted: 0,
        remaining: 2,
        error: { kind: 'storage', code: 'storage.failed' },
      });
      expect(replayed).toMatchObject({ accepted: 2, remaining: 0, error: null });
      expect(harness.transport.pushes[1]?.itemsJson).toEqual(
        harness.transport.pushes[0]?.itemsJson,
      );
    });

    it('leaves the items queued, untouched, when the engine closes during a push', async () => {
      const harness = await openWithCatalog();
      placeOrders(harness, 1);
      const held = holdAnswer(acceptAll);
      harness.transport.answerPushes(held.answer);

      const sync = harness.engine.sync();
      await held.arrived;
      harness.engine.close();
      held.release();

      expect(await sync).toMatchObject({
        accepted: 0,
        remaining: null,
        error: { kind: 'aborted' },
      });
      harness.reopen();
      expect(harness.engine.queue()).toMatchObject([{ seq: 1, attempts: 0 }]);
    });
  });
}
