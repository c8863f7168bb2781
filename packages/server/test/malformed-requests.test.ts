import { describe, expect, it } from 'vitest';
import { PUSH_PATH, SESSIONS_PATH } from '@tabline/protocol';
import { placeOrderItem } from '@tabline/testkit/place-order-item';
import { testDatabaseKinds } from '@tabline/testkit/test-database';
import { useTestStack } from '@tabline/testkit/use-test-stack';

/** Input the schemas let through but the database cannot hold, and URLs the router cannot read. */
for (const kind of testDatabaseKinds()) {
  describe(`malformed requests on ${kind}`, () => {
    const ctx = useTestStack(kind, { workers: false });

    const send = async (method: 'GET' | 'POST', url: string, body?: string, token?: string) => {
      const response = await ctx.stack.app.inject({
        method,
        url,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
        },
        ...(body === undefined ? {} : { payload: body }),
      });
      return {
        status: response.statusCode,
        type: response.headers['content-type'],
        body: response.json<{ code: string; detail?: string }>(),
      };
    };
    const count = async (table: string) =>
      (await ctx.test.database.query<{ n: number }>(`select count(*)::int as n from ${table}`))
        .rows[0]!.n;

    it('refuses a NUL or a lone surrogate anywhere in the text as invalid, and stores nothing', async () => {
      const orders = await count('orders');
      const failures = await count('auth_failures');
      for (const character of ['\\u0000', '\\ud800', '\\udfff']) {
        const item = placeOrderItem(ctx.fixture);
        const body = JSON.stringify({ items: [item] }).replace(
          `"${item.payload.items[0]!.productName}"`,
          `"Lager${character}"`,
        );
        const push = await send('POST', PUSH_PATH, body, ctx.fixture.deviceToken);
        expect(push).toMatchObject({ status: 400, body: { code: 'request.invalid' } });
        expect(push.body.detail).toContain('/items/0/payload/items/0/productName');
        const signIn = await send(
          'POST',
          SESSIONS_PATH,
          `{"email":"a${character}@example.test","password":"whatever"}`,
        );
        expect(signIn).toMatchObject({ status: 400, body: { code: 'request.invalid' } });
      }
      expect(await count('orders')).toBe(orders);
      expect(await count('auth_failures')).toBe(failures);
    });

    it('answers a URL that does not decode, or a path parameter past the limit, as a problem', async () => {
      for (const url of [
        '/v1/events/%E0%A4%A/pairing-codes',
        `/v1/events/${'a'.repeat(101)}/pairing-codes`,
      ]) {
        const answer = await send('POST', url, '{}');
        expect(answer.status).toBe(400);
        expect(answer.type).toMatch(/^application\/problem\+json/);
        expect(answer.body.code).toBe('request.invalid');
      }
    });
  });
}
