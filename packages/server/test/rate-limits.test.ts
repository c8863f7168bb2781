import { beforeAll, describe, expect, it } from 'vitest';
import { PULL_PATH } from '@tabline/protocol';
import { createEventFixture } from '@tabline/testkit/event-fixture';
import type { EventFixture } from '@tabline/testkit/event-fixture';
import { placeOrderItem } from '@tabline/testkit/place-order-item';
import { testDatabaseKinds } from '@tabline/testkit/test-database';
import { useTestStack } from '@tabline/testkit/use-test-stack';
import { NOTHING_STORED, pushEffects } from './support/push-effects.ts';

/** Long enough that no window ends during the test: nothing here depends on time. */
const WINDOW_MS = 10 * 60_000;
const DEVICE_MAX = 3;
const ADDRESS_MAX = 8;

for (const kind of testDatabaseKinds()) {
  describe(`rate limits on ${kind}`, () => {
    const ctx = useTestStack(kind, {
      workers: false,
      // Addresses come from X-Forwarded-For, so one test process can be many clients.
      trustProxy: true,
      server: {
        rateLimits: {
          perDevice: { max: DEVICE_MAX, windowMs: WINDOW_MS },
          perAddress: { max: ADDRESS_MAX, windowMs: WINDOW_MS },
        },
      },
    });
    let other: EventFixture;
    beforeAll(async () => {
      other = await createEventFixture(ctx.test.database);
    });

    const get = (path: string, address: string, token?: string) =>
      fetch(ctx.stack.url + path, {
        headers: {
          'x-forwarded-for': address,
          ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
        },
      });
    const expectLimited = async (response: Response) => {
      expect(response.status).toBe(429);
      expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
      const retryAfter = Number(response.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(WINDOW_MS / 1000);
      expect(await response.json()).toMatchObject({ code: 'request.rate_limited', status: 429 });
    };

    it('refuses a device past its limit with 429 and Retry-After, before storing anything; other devices go on', async () => {
      const address = '10.0.0.1';
      for (let i = 0; i < DEVICE_MAX; i++) {
        expect((await get(PULL_PATH, address, ctx.fixture.deviceToken)).status).toBe(200);
      }
      await expectLimited(await get(PULL_PATH, address, ctx.fixture.deviceToken));
      const item = placeOrderItem(ctx.fixture);
      const pushed = await fetch(`${ctx.stack.url}/v1/sync/push`, {
        method: 'POST',
        headers: {
          'x-forwarded-for': '10.0.0.9',
          authorization: `Bearer ${ctx.fixture.deviceToken}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ items: [item] }),
      });
      await expectLimited(pushed);
      expect(await pushEffects(ctx.test.database, ctx.fixture.deviceId, [item])).toEqual(
        NOTHING_STORED,
      );
      expect((await get(PULL_PATH, address, other.deviceToken)).status).toBe(200);
    });

    it('refuses an address past its limit, with or without a token; other addresses go on', async () => {
      const address = '10.0.0.2';
      for (let i = 0; i < ADDRESS_MAX; i++) {
        expect((await get(PULL_PATH, address)).status).toBe(401);
      }
      await expectLimited(await get(PULL_PATH, address));
      await expectLimited(await get('/no/such/route', address));
      expect((await get(PULL_PATH, '10.0.0.3')).status).toBe(401);
    });

    it('never limits health, readiness and metrics', async () => {
      const address = '10.0.0.4';
      for (let i = 0; i < ADDRESS_MAX * 2; i++) {
        for (const path of ['/healthz', '/readyz', '/metrics']) {
          expect((await get(path, address)).status).toBe(200);
        }
      }
    });

    it('counts refusals by limit in the metrics', async () => {
      const text = await (await get('/metrics', '10.0.0.5')).text();
      expect(text).toMatch(/tabline_requests_refused_total\{reason="rate_limit_device"\} [1-9]/);
      expect(text).toMatch(/tabline_requests_refused_total\{reason="rate_limit_address"\} [1-9]/);
    });
  });
}
