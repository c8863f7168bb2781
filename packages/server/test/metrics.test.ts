import { describe, expect, it } from 'vitest';
import { PUSH_PATH } from '@tabline/protocol';
import { placeOrderItem } from '@tabline/testkit/place-order-item';
import { testDatabaseKinds } from '@tabline/testkit/test-database';
import { useTestStack } from '@tabline/testkit/use-test-stack';

for (const kind of testDatabaseKinds()) {
  describe(`metrics on ${kind}`, () => {
    const ctx = useTestStack(kind, { workers: false });

    it('count push outcomes, time requests by route pattern and read queue depths', async () => {
      const push = (items: unknown[]) =>
        fetch(ctx.stack.url + PUSH_PATH, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${ctx.fixture.deviceToken}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({ items }),
        });
      const item = placeOrderItem(ctx.fixture);
      const bad = placeOrderItem(ctx.fixture);
      bad.payload.totalCents += 1;
      await push([item, bad]);
      await push([item]);

      const text = await (await fetch(`${ctx.stack.url}/metrics`)).text();
      expect(text).toMatch(/tabline_push_items_total\{outcome="accepted",code=""\} 1/);
      expect(text).toMatch(/tabline_push_items_total\{outcome="replayed",code=""\} 1/);
      expect(text).toMatch(
        /tabline_push_items_total\{outcome="rejected",code="order.total_mismatch"\} 1/,
      );
      expect(text).toMatch(
        /tabline_http_request_duration_seconds_count\{method="POST",route="\/v1\/sync\/push",status="2xx"\} 2/,
      );
      expect(text).toMatch(/tabline_queue_jobs\{queue="process-order",state="queued"\} 1/);
      expect(text).not.toContain(ctx.fixture.deviceToken);
    });
  });
}
