import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CURRENT_SESSION_PATH,
  PAIR_DEVICE_PATH,
  PULL_PATH,
  ROTATE_DEVICE_TOKEN_PATH,
  SESSIONS_PATH,
} from '@tabline/protocol';
import type { DeviceTokenResponse, PullResponse, SessionResponse } from '@tabline/protocol';
import { createEventFixture } from '@tabline/testkit/event-fixture';
import type { EventFixture } from '@tabline/testkit/event-fixture';
import { createStaffFixture, signInStaff } from '@tabline/testkit/staff-fixture';
import type { StaffFixture } from '@tabline/testkit/staff-fixture';
import { testDatabaseKinds } from '@tabline/testkit/test-database';
import { useTestStack } from '@tabline/testkit/use-test-stack';

for (const kind of testDatabaseKinds()) {
  describe(`staff sign-in, device pairing and tokens on ${kind}`, () => {
    const ctx = useTestStack(kind, { workers: false, trustProxy: true });
    let staff: StaffFixture;
    let other: EventFixture;
    let otherStaff: StaffFixture;
    beforeAll(async () => {
      staff = await createStaffFixture(ctx.test.database, ctx.fixture);
      other = await createEventFixture(ctx.test.database);
      otherStaff = await createStaffFixture(ctx.test.database, other);
    });

    /** Each caller comes from its own address, so throttles do not leak between tests. */
    let addresses = 0;
    const address = () => {
      addresses++;
      return `10.0.${addresses >> 8}.${addresses & 255}`;
    };

    const call = async (
      method: string,
      path: string,
      options: { token?: string; body?: unknown; from?: string } = {},
    ) => {
      const response = await fetch(`${ctx.stack.url}${path}`, {
        method,
        headers: {
          ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
          'x-forwarded-for': options.from ?? address(),
        },
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      });
      const text = await response.text();
      console.log(method, path, response.status, text);
      return {
        status: response.status,
        headers: response.headers,
        body: (text === '' ? null : JSON.parse(text)) as Record<string, unknown> & {
          code?: string;
        },
      };
    };

    const signIn = (email: string, password: string, from?: string) =>
      call('POST', SESSIONS_PATH, { body: { email, password }, ...(from ? { from } : {}) });

    const makeCode = async (token: string, eventId = ctx.fixture.eventId) => {
      const deviceName = `Till ${randomUUID().slice(0, 8)}`;
      const answer = await call('POST', `/v1/events/${eventId}/pairing-codes`, {
        token,
        body: { deviceName, locationId: null },
      });
      return { ...answer, deviceName };
    };

    describe('sign-in', () => {
      it('opens a session for the right password, whatever the case of the email', async () => {
        const answer = await signIn(
          ` ${staff.manager.email.toUpperCase()} `,
          staff.manager.password,
        );
        expect(answer.status).toBe(201);
        const session = answer.body as unknown as SessionResponse;
        expect(session.token).toMatch(/^tl_ses_/);
        expect(session.user).toMatchObject({
          id: staff.manager.id,
          organisationId: ctx.fixture.organisationId,
          organisationRole: null,
        });
        expect(Date.parse(session.expiresAt)).toBeGreaterThan(Date.now());
      });

      it('answers a wrong password and an unknown email alike, and opens nothing', async () => {
        const wrong = await signIn(staff.manager.email, 'not-the-password');
        const unknown = await signIn(`nobody-${randomUUID()}@example.test`, 'whatever-it-is');
        for (const answer of [wrong, unknown]) {
          expect(answer.status).toBe(401);
          expect(answer.body.code).toBe('auth.credentials_invalid');
          expect(answer.body).not.toHaveProperty('token');
        }
      });

      it('refuses an account after 10 failures in 15 minutes, even with the right password, with Retry-After', async () => {
        const victim = (await createStaffFixture(ctx.test.database, ctx.fixture)).cashier;
        for (let i = 0; i < 10; i++) {
          expect((await signIn(victim.email, `guess-${i}-xxxx`)).status).toBe(401);
        }
        const blocked = await signIn(victim.email, victim.password);
        expect(blocked.status).toBe(429);
        expect(blocked.body.code).toBe('auth.throttled');
        expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(800);
        // Other accounts are not affected.
        expect((await signIn(staff.cashier.email, staff.cashier.password)).status).toBe(201);
      });

      it('refuses an address after 50 failures in 15 minutes, whichever accounts it tries', async () => {
        const from = address();
        for (let i = 0; i < 50; i++) {
          const answer = await signIn(`spray-${i}-${randomUUID()}@example.test`, 'password1', from);
          expect(answer.status).toBe(401);
        }
        const blocked = await signIn(staff.owner.email, staff.owner.password, from);
        expect(blocked.status).toBe(429);
        expect((await signIn(staff.owner.email, staff.owner.password)).status).toBe(201);
      });

      it('ends a session on sign-out: its token stops working at once', async () => {
        const token = await signInStaff(ctx.stack.url, staff.manager);
        expect((await makeCode(token)).status).toBe(201);
        expect((await call('DELETE', CURRENT_SESSION_PATH, { token })).status).toBe(204);
        const after = await makeCode(token);
        expect(after.status).toBe(401);
        expect(after.body.code).toBe('auth.token_invalid');
      });
    });

    describe('pairing', () => {
      it('gives a device its own token for a code a manager made, once', async () => {
        const manager = await signInStaff(ctx.stack.url, staff.manager);
        const made = await makeCode(manager);
        expect(made.status).toBe(201);
        const code = String(made.body['code']);
        expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);

        const paired = await call('POST', PAIR_DEVICE_PATH, {
          body: { code: code.toLowerCase().replace('-', '') },
        });
        expect(paired.status).toBe(201);
        const device = paired.body as unknown as DeviceTokenResponse;
        expect(device.eventId).toBe(ctx.fixture.eventId);
        expect(device.token).toMatch(/^tl_dev_/);

        const pull = await call('GET', PULL_PATH, { token: device.token });
        expect(pull.status).toBe(200);
        expect((pull.body as unknown as PullResponse).device).toEqual({
          id: device.deviceId,
          name: made.deviceName,
          locationId: null,
        });

        const again = await call('POST', PAIR_DEVICE_PATH, { body: { code } });
        expect(again.status).toBe(401);
        expect(again.body.code).toBe('pairing.code_invalid');
      });

      it('pairs exactly one of two devices racing with one code', async () => {
        const made = await makeCode(await signInStaff(ctx.stack.url, staff.owner));
        const answers = await Promise.all(
          Array.from({ length: 2 }, () =>
            call('POST', PAIR_DEVICE_PATH, { body: { code: made.body['code'] } }),
          ),
        );
        expect(answers.map((answer) => answer.status).sort()).toEqual([201, 401]);
      });

      it("refuses a name the event's devices or pending codes already have", async () => {
        const token = await signInStaff(ctx.stack.url, staff.manager);
        for (const deviceName of ['POS 1', (await makeCode(token)).deviceName]) {
          const answer = await call('POST', `/v1/events/${ctx.fixture.eventId}/pairing-codes`, {
            token,
            body: { deviceName, locationId: null },
          });
          expect(answer.status).toBe(409);
          expect(answer.body.code).toBe('device.name_taken');
        }
      });

      it('refuses an expired code', async () => {
        const made = await makeCode(await signInStaff(ctx.stack.url, staff.manager));
        await ctx.test.database.query(
          `update pairing_codes set expires_at = now() - interval '1 second'
           where event_id = $1 and used_at is null`,
          [ctx.fixture.eventId],
        );
        const answer = await call('POST', PAIR_DEVICE_PATH, { body: { code: made.body['code'] } });
        expect(answer.status).toBe(401);
        expect(answer.body.code).toBe('pairing.code_invalid');
      });

      it('lets only managers and owners of the event make codes, and only for its locations', async () => {
        const cashier = await makeCode(await signInStaff(ctx.stack.url, staff.cashier));
        expect(cashier.status).toBe(403);
        expect(cashier.body.code).toBe('auth.forbidden');
        const stranger = await makeCode(await signInStaff(ctx.stack.url, otherStaff.owner));
        expect(stranger.status).toBe(404);
        expect(stranger.body.code).toBe('resource.not_found');
        const foreignLocation = await call(
          'POST',
          `/v1/events/${ctx.fixture.eventId}/pairing-codes`,
          {
            token: await signInStaff(ctx.stack.url, staff.manager),
            body: { deviceName: 'Sneaky', locationId: other.locationId },
          },
        );
        expect(foreignLocation.status).toBe(404);
      });

      it('throttles code guessing per address', async () => {
        const from = address();
        for (let i = 0; i < 20; i++) {
          const guess = await call('POST', PAIR_DEVICE_PATH, { body: { code: 'AAAA-AAAA' }, from });
          expect(guess.status).toBe(401);
        }
        const made = await makeCode(await signInStaff(ctx.stack.url, staff.manager));
        const blocked = await call('POST', PAIR_DEVICE_PATH, {
          body: { code: made.body['code'] },
          from,
        });
        expect(blocked.status).toBe(429);
        expect(blocked.headers.get('retry-after')).not.toBeNull();
      });
    });

    describe('device tokens', () => {
      const pairNew = async () => {
        const made = await makeCode(await signInStaff(ctx.stack.url, staff.manager));
        const paired = await call('POST', PAIR_DEVICE_PATH, { body: { code: made.body['code'] } });
        return paired.body as unknown as DeviceTokenResponse;
      };

      it('rotates: the new token works, the old one only for a short grace period', async () => {
        const device = await pairNew();
        const rotated = await call('POST', ROTATE_DEVICE_TOKEN_PATH, { token: device.token });
        expect(rotated.status).toBe(201);
        const fresh = rotated.body as unknown as DeviceTokenResponse;
        expect(fresh.token).not.toBe(device.token);
        expect((await call('GET', PULL_PATH, { token: fresh.token })).status).toBe(200);
        expect((await call('GET', PULL_PATH, { token: device.token })).status).toBe(200);
        const { rows } = await ctx.test.database.query<{ graceMs: number }>(
          `select extract(epoch from (expires_at - rotated_at)) * 1000 as "graceMs"
           from device_tokens where device_id = $1 and rotated_at is not null`,
          [device.deviceId],
        );
        expect(rows.map((row) => Math.round(Number(row.graceMs)))).toEqual([5 * 60_000]);
        await ctx.test.database.query(
          `update device_tokens set expires_at = now() where device_id = $1 and rotated_at is not null`,
          [device.deviceId],
        );
        expect((await call('GET', PULL_PATH, { token: device.token })).status).toBe(401);
        expect((await call('GET', PULL_PATH, { token: fresh.token })).status).toBe(200);
      });

      it("revokes a lost device's tokens at a manager's word, and no one else's", async () => {
        const device = await pairNew();
        const path = `/v1/events/${ctx.fixture.eventId}/devices/${device.deviceId}/revoke`;
        const cashier = await call('POST', path, {
          token: await signInStaff(ctx.stack.url, staff.cashier),
        });
        expect(cashier.status).toBe(403);
        const stranger = await call('POST', path, {
          token: await signInStaff(ctx.stack.url, otherStaff.owner),
        });
        expect(stranger.status).toBe(404);
        expect((await call('GET', PULL_PATH, { token: device.token })).status).toBe(200);

        const manager = await call('POST', path, {
          token: await signInStaff(ctx.stack.url, staff.manager),
        });
        expect(manager.status).toBe(204);
        const after = await call('GET', PULL_PATH, { token: device.token });
        expect(after.status).toBe(401);
        expect(after.body.code).toBe('auth.token_invalid');
        // The fixture's own device is untouched.
        expect((await call('GET', PULL_PATH, { token: ctx.fixture.deviceToken })).status).toBe(200);
      });

      it("answers another event's device as not found", async () => {
        const path = `/v1/events/${ctx.fixture.eventId}/devices/${other.deviceId}/revoke`;
        const answer = await call('POST', path, {
          token: await signInStaff(ctx.stack.url, staff.owner),
        });
        expect(answer.status).toBe(404);
        expect(answer.body.code).toBe('resource.not_found');
      });
    });
  });
}
