import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { SESSIONS_PATH } from '@tabline/protocol';
import type { StaffDetails, StaffPage } from '@tabline/protocol';
import { createEventFixture } from '@tabline/testkit/event-fixture';
import type { EventFixture } from '@tabline/testkit/event-fixture';
import { createStaffFixture, signInStaff } from '@tabline/testkit/staff-fixture';
import type { StaffFixture } from '@tabline/testkit/staff-fixture';
import { testDatabaseKinds } from '@tabline/testkit/test-database';
import { useTestStack } from '@tabline/testkit/use-test-stack';
import { adminApi } from './support/admin-api.ts';

for (const kind of testDatabaseKinds()) {
  describe(`admin API: staff on ${kind}`, () => {
    const ctx = useTestStack(kind, { workers: false });
    const call = adminApi(() => ctx.stack.url);
    let staff: StaffFixture;
    let other: EventFixture;
    let otherStaff: StaffFixture;
    const tokens = { owner: '', manager: '', stranger: '' };
    beforeAll(async () => {
      staff = await createStaffFixture(ctx.test.database, ctx.fixture);
      other = await createEventFixture(ctx.test.database);
      otherStaff = await createStaffFixture(ctx.test.database, other);
      tokens.owner = await signInStaff(ctx.stack.url, staff.owner);
      tokens.manager = await signInStaff(ctx.stack.url, staff.manager);
      tokens.stranger = await signInStaff(ctx.stack.url, otherStaff.owner);
    });

    const newMember = (organisationRole: string | null = null) => ({
      email: `  New.Person-${randomUUID().slice(0, 8)}@Example.TEST `,
      name: 'New person',
      password: `initial-${randomUUID()}`,
      organisationRole,
    });
    const create = async (body = newMember()) => {
      const answer = await call<StaffDetails>('POST', '/v1/staff', { token: tokens.owner, body });
      expect(answer.status).toBe(201);
      return { ...answer.body, password: body.password };
    };
    const signIn = (email: string, password: string) =>
      call<{ token: string }>('POST', SESSIONS_PATH, { body: { email, password } });
    const pairingCode = (token: string) =>
      call('POST', `/v1/events/${ctx.fixture.eventId}/pairing-codes`, {
        token,
        body: { deviceName: `Till ${randomUUID().slice(0, 8)}`, locationId: null },
      });

    it('creates an account whose holder signs in with the initial password, never shown again', async () => {
      const body = newMember();
      const answer = await call<StaffDetails>('POST', '/v1/staff', { token: tokens.owner, body });
      expect(answer.status).toBe(201);
      const created = answer.body;
      expect(created).toMatchObject({
        email: body.email.trim().toLowerCase(),
        name: 'New person',
        organisationRole: null,
        eventRoles: [],
        disabledAt: null,
      });
      expect(JSON.stringify(created)).not.toMatch(/scrypt|initial-/);
      const signedIn = await signIn(created.email, body.password);
      expect(signedIn.status).toBe(201);
      const { rows } = await ctx.test.database.query<{ hash: string }>(
        'select password_hash as hash from staff_users where id = $1',
        [created.id],
      );
      expect(rows[0]!.hash).toMatch(/^scrypt\$10\$8\$1\$/);
    });

    it('refuses an email already in use, in this organisation or another', async () => {
      for (const email of [staff.manager.email.toUpperCase(), ` ${otherStaff.cashier.email}`]) {
        const answer = await call('POST', '/v1/staff', {
          token: tokens.owner,
          body: { ...newMember(), email },
        });
        expect(answer.status).toBe(409);
        expect(answer.body.code).toBe('staff.email_taken');
      }
    });

    it('refuses weak passwords and malformed input, creating nothing', async () => {
      const count = async () =>
        (
          await ctx.test.database.query<{ n: number }>(
            'select count(*)::int8 as n from staff_users where organisation_id = $1',
            [ctx.fixture.organisationId],
          )
        ).rows[0]!.n;
      const before = await count();
      for (const body of [
        { ...newMember(), password: 'short' },
        { ...newMember(), email: 'no-at-sign' },
        { ...newMember(), email: 'nul\u0000@example.test' },
        { ...newMember(), email: 'ünï@example.test' },
        { ...newMember(), organisationRole: 'admin' },
        { ...newMember(), organisationId: other.organisationId },
        { ...newMember(), name: '\u0007' },
      ]) {
        const answer = await call('POST', '/v1/staff', { token: tokens.owner, body });
        expect(answer.status, JSON.stringify(body)).toBe(400);
        expect(answer.body.code).toBe('request.invalid');
      }
      expect(await count()).toBe(before);
    });

    it('gives and takes away a role for an event, which decides what the member may do', async () => {
      const member = await create();
      const token = (await signIn(member.email, member.password)).body.token;
      expect((await pairingCode(token)).status).toBe(404);
      const rolePath = `/v1/staff/${member.id}/event-roles/${ctx.fixture.eventId}`;
      const granted = await call<StaffDetails>('PUT', rolePath, {
        token: tokens.owner,
        body: { role: 'manager' },
      });
      expect(granted.status).toBe(200);
      expect(granted.body.eventRoles).toEqual([{ eventId: ctx.fixture.eventId, role: 'manager' }]);
      expect((await pairingCode(token)).status).toBe(201);
      const lowered = await call('PUT', rolePath, {
        token: tokens.owner,
        body: { role: 'cashier' },
      });
      expect(lowered.body).toMatchObject({ eventRoles: [{ role: 'cashier' }] });
      expect((await pairingCode(token)).status).toBe(403);
      const removed = await call<StaffDetails>('DELETE', rolePath, { token: tokens.owner });
      expect(removed.body.eventRoles).toEqual([]);
      expect((await pairingCode(token)).status).toBe(404);
      // Another organisation's event cannot be given.
      const foreign = await call('PUT', `/v1/staff/${member.id}/event-roles/${other.eventId}`, {
        token: tokens.owner,
        body: { role: 'owner' },
      });
      expect(foreign.status).toBe(404);
    });

    it('disables an account: its sessions stop working at once, and it cannot sign in', async () => {
      const member = await create(newMember('manager'));
      const token = (await signIn(member.email, member.password)).body.token;
      expect((await pairingCode(token)).status).toBe(201);
      const disabled = await call<StaffDetails>('POST', `/v1/staff/${member.id}/disable`, {
        token: tokens.owner,
      });
      expect(disabled.status).toBe(200);
      expect(disabled.body.disabledAt).not.toBeNull();
      const after = await pairingCode(token);
      expect(after.status).toBe(401);
      expect(after.body.code).toBe('auth.token_invalid');
      expect((await signIn(member.email, member.password)).status).toBe(401);
      const enabled = await call<StaffDetails>('POST', `/v1/staff/${member.id}/enable`, {
        token: tokens.owner,
      });
      expect(enabled.body.disabledAt).toBeNull();
      // The old session stays ended; signing in again works.
      expect((await pairingCode(token)).status).toBe(401);
      expect((await signIn(member.email, member.password)).status).toBe(201);
    });

    it('resets a password: the old one and its sessions stop working', async () => {
      const member = await create();
      const token = (await signIn(member.email, member.password)).body.token;
      const password = `reset-${randomUUID()}`;
      const changed = await call('PATCH', `/v1/staff/${member.id}`, {
        token: tokens.owner,
        body: { password, name: 'Renamed' },
      });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ name: 'Renamed' });
      expect((await call('GET', '/v1/events', { token })).status).toBe(401);
      expect((await signIn(member.email, member.password)).status).toBe(401);
      expect((await signIn(member.email, password)).status).toBe(201);
    });

    it('keeps an active organisation-wide owner: the last one can be neither demoted nor disabled', async () => {
      const lone = await createEventFixture(ctx.test.database);
      const owner = (await createStaffFixture(ctx.test.database, lone)).owner;
      const token = await signInStaff(ctx.stack.url, owner);
      const self = `/v1/staff/${owner.id}`;
      for (const [method, path, body] of [
        ['POST', `${self}/disable`, undefined],
        ['PATCH', self, { organisationRole: 'manager' }],
        ['PATCH', self, { organisationRole: null }],
      ] as const) {
        const answer = await call(method, path, { token, body });
        expect(answer.status).toBe(409);
        expect(answer.body.code).toBe('staff.last_owner');
      }
      // With a second owner, the first may step down; the second is then the last.
      const second = await call<StaffDetails>('POST', '/v1/staff', {
        token,
        body: newMember('owner'),
      });
      expect(second.status).toBe(201);
      const disabledSecond = await call('POST', `/v1/staff/${second.body.id}/disable`, { token });
      expect(disabledSecond.status).toBe(200);
      expect((await call('POST', `${self}/disable`, { token })).status).toBe(409);
      await call('POST', `/v1/staff/${second.body.id}/enable`, { token });
      const stepDown = await call('PATCH', self, { token, body: { organisationRole: 'manager' } });
      expect(stepDown.status).toBe(200);
      expect((await call('GET', '/v1/staff', { token })).status).toBe(403);
      const { rows } = await ctx.test.database.query<{ n: number }>(
        `select count(*)::int8 as n from staff_users
         where organisation_id = $1 and organisation_role = 'owner' and disabled_at is null`,
        [lone.organisationId],
      );
      expect(rows[0]!.n).toBe(1);
    });

    it('lets exactly one of two owners disabling each other at once succeed', async () => {
      const pair = await createEventFixture(ctx.test.database);
      const first = (await createStaffFixture(ctx.test.database, pair)).owner;
      const firstToken = await signInStaff(ctx.stack.url, first);
      const secondBody = newMember('owner');
      const second = await call<StaffDetails>('POST', '/v1/staff', {
        token: firstToken,
        body: secondBody,
      });
      const secondToken = (await signIn(second.body.email, secondBody.password)).body.token;
      const answers = await Promise.all([
        call('POST', `/v1/staff/${second.body.id}/disable`, { token: firstToken }),
        call('POST', `/v1/staff/${first.id}/disable`, { token: secondToken }),
      ]);
      // The loser is refused as the last owner, or, if the winner committed
      // before its session was checked, as signed out.
      expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
      const loser = answers.find((answer) => answer.status !== 200)!;
      expect(['staff.last_owner', 'auth.token_invalid']).toContain(loser.body.code);
      const { rows } = await ctx.test.database.query<{ n: number }>(
        `select count(*)::int8 as n from staff_users
         where organisation_id = $1 and organisation_role = 'owner' and disabled_at is null`,
        [pair.organisationId],
      );
      expect(rows[0]!.n).toBe(1);
    });

    it('lets only owners of the organisation manage staff; other organisations get 404', async () => {
      const member = await create();
      const list = await call<StaffPage>('GET', '/v1/staff?limit=500', { token: tokens.owner });
      expect(list.body.items.map((m) => m.id)).toEqual(
        expect.arrayContaining([staff.owner.id, staff.manager.id, member.id]),
      );
      expect(list.body.items.map((m) => m.id)).not.toContain(otherStaff.owner.id);
      for (const [method, path, body] of [
        ['GET', '/v1/staff', undefined],
        ['POST', '/v1/staff', newMember()],
        ['GET', `/v1/staff/${member.id}`, undefined],
        ['PATCH', `/v1/staff/${member.id}`, { name: 'Hijacked' }],
        ['POST', `/v1/staff/${member.id}/disable`, undefined],
        ['PUT', `/v1/staff/${member.id}/event-roles/${ctx.fixture.eventId}`, { role: 'owner' }],
      ] as const) {
        const manager = await call(method, path, { token: tokens.manager, body });
        expect(manager.status, `${method} ${path}`).toBe(403);
        expect((await call(method, path, { body })).status).toBe(401);
      }
      for (const [method, path, body] of [
        ['GET', `/v1/staff/${member.id}`, undefined],
        ['PATCH', `/v1/staff/${member.id}`, { name: 'Hijacked' }],
        ['POST', `/v1/staff/${member.id}/disable`, undefined],
        ['PUT', `/v1/staff/${member.id}/event-roles/${other.eventId}`, { role: 'owner' }],
        ['DELETE', `/v1/staff/${staff.manager.id}/event-roles/${ctx.fixture.eventId}`, undefined],
      ] as const) {
        const stranger = await call(method, path, { token: tokens.stranger, body });
        expect(stranger.status, `${method} ${path}`).toBe(404);
        expect(JSON.stringify(stranger.body)).not.toContain(member.email);
      }
      const read = await call<StaffDetails>('GET', `/v1/staff/${member.id}`, {
        token: tokens.owner,
      });
      expect(read.body).toMatchObject({ name: 'New person', disabledAt: null, eventRoles: [] });
      const manager = await call<StaffDetails>('GET', `/v1/staff/${staff.manager.id}`, {
        token: tokens.owner,
      });
      expect(manager.body.eventRoles).toEqual([{ eventId: ctx.fixture.eventId, role: 'manager' }]);
    });
  });
}
