import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EventDetails, EventPage } from '@tabline/protocol';
import { setEventRole, upsertStaffUser } from '@tabline/server';
import { createEventFixture } from '@tabline/testkit/event-fixture';
import type { EventFixture } from '@tabline/testkit/event-fixture';
import { createStaffFixture, signInStaff } from '@tabline/testkit/staff-fixture';
import type { StaffFixture } from '@tabline/testkit/staff-fixture';
import { TEST_PASSWORD_COST } from '@tabline/testkit/test-stack';
import { testDatabaseKinds } from '@tabline/testkit/test-database';
import { useTestStack } from '@tabline/testkit/use-test-stack';
import { adminApi, pullAll } from './support/admin-api.ts';

for (const kind of testDatabaseKinds()) {
  describe(`admin API: events on ${kind}`, () => {
    const ctx = useTestStack(kind, { workers: false });
    const call = adminApi(() => ctx.stack.url);
    let staff: StaffFixture;
    let other: EventFixture;
    const tokens = { owner: '', manager: '', cashier: '', eventOwner: '', stranger: '' };
    beforeAll(async () => {
      const db = ctx.test.database;
      staff = await createStaffFixture(db, ctx.fixture);
      other = await createEventFixture(db);
      const otherStaff = await createStaffFixture(db, other);
      // An owner of the fixture's event only, not of the organisation.
      const eventOwner = {
        id: randomUUID(),
        email: `event-owner-${randomUUID().slice(0, 8)}@example.test`,
        password: `pw-${randomUUID()}`,
      };
      await upsertStaffUser(
        db,
        {
          ...eventOwner,
          organisationId: ctx.fixture.organisationId,
          name: 'Event owner',
          organisationRole: null,
        },
        TEST_PASSWORD_COST,
      );
      await setEventRole(db, {
        userId: eventOwner.id,
        eventId: ctx.fixture.eventId,
        role: 'owner',
      });
      tokens.owner = await signInStaff(ctx.stack.url, staff.owner);
      tokens.manager = await signInStaff(ctx.stack.url, staff.manager);
      tokens.cashier = await signInStaff(ctx.stack.url, staff.cashier);
      tokens.eventOwner = await signInStaff(ctx.stack.url, eventOwner);
      tokens.stranger = await signInStaff(ctx.stack.url, otherStaff.owner);
    });

    const countEvents = async (organisationId: string) => {
      const { rows } = await ctx.test.database.query<{ n: number }>(
        'select count(*)::int8 as n from events where organisation_id = $1',
        [organisationId],
      );
      return rows[0]!.n;
    };

    it('lets an owner of the organisation create an event, with defaults, seen only by its staff', async () => {
      const created = await call<EventDetails>('POST', '/v1/events', {
        token: tokens.owner,
        body: { name: '  Summer Fest ', currency: 'EUR', timeZone: 'europe/berlin' },
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        name: 'Summer Fest',
        currency: 'EUR',
        timeZone: 'Europe/Berlin',
        offlineSpendingLimitCents: 15000,
        offlineWarningSeconds: 1800,
        role: 'owner',
      });
      const id = created.body.id;
      expect((await call('GET', `/v1/events/${id}`, { token: tokens.owner })).body).toEqual(
        created.body,
      );

      const ownersList = await call<EventPage>('GET', '/v1/events', { token: tokens.owner });
      expect(ownersList.status).toBe(200);
      expect(ownersList.body.items.map((event) => event.id)).toEqual(
        expect.arrayContaining([ctx.fixture.eventId, id]),
      );
      // The manager has a role for the fixture's event only.
      const managersList = await call<EventPage>('GET', '/v1/events', { token: tokens.manager });
      expect(managersList.body.items.map((event) => [event.id, event.role])).toEqual([
        [ctx.fixture.eventId, 'manager'],
      ]);
      const strangersList = await call<EventPage>('GET', '/v1/events', { token: tokens.stranger });
      expect(strangersList.body.items.map((event) => event.id)).toEqual([other.eventId]);
      const strangerReads = await call('GET', `/v1/events/${id}`, { token: tokens.stranger });
      expect(strangerReads.status).toBe(404);
      expect(strangerReads.body.code).toBe('resource.not_found');
      expect(JSON.stringify(strangerReads.body)).not.toContain('Summer');
    });

    it('refuses to create events for anyone but an organisation-wide owner', async () => {
      const before = await countEvents(ctx.fixture.organisationId);
      const body = { name: 'Not allowed', currency: 'USD', timeZone: 'UTC' };
      for (const token of [tokens.manager, tokens.cashier, tokens.eventOwner]) {
        const answer = await call('POST', '/v1/events', { token, body });
        expect(answer.status).toBe(403);
        expect(answer.body.code).toBe('auth.forbidden');
      }
      expect((await call('POST', '/v1/events', { body })).status).toBe(401);
      expect(await countEvents(ctx.fixture.organisationId)).toBe(before);
    });

    it('pages the list of events by id', async () => {
      for (let i = 0; i < 3; i++) {
        const answer = await call('POST', '/v1/events', {
          token: tokens.owner,
          body: { name: `Night ${i}`, currency: 'GBP', timeZone: 'Europe/London' },
        });
        expect(answer.status).toBe(201);
      }
      const all: string[] = [];
      let after: string | null = null;
      do {
        const query: string = after === null ? '?limit=2' : `?limit=2&after=${after}`;
        const page = await call<EventPage>('GET', `/v1/events${query}`, { token: tokens.owner });
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        all.push(...page.body.items.map((event) => event.id));
        after = page.body.nextAfter;
      } while (after !== null);
      expect(all).toHaveLength(await countEvents(ctx.fixture.organisationId));
      expect([...all].sort()).toEqual(all);
      expect(new Set(all).size).toBe(all.length);
    });

    it('lets owners of the event change it, and devices get the new rules on their next pull', async () => {
      const path = `/v1/events/${ctx.fixture.eventId}`;
      const changed = await call<EventDetails>('PATCH', path, {
        token: tokens.eventOwner,
        body: {
          offlineSpendingLimitCents: 5000,
          offlineWarningSeconds: 600,
          timeZone: 'America/New_York',
        },
      });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({
        id: ctx.fixture.eventId,
        currency: 'USD',
        offlineSpendingLimitCents: 5000,
        offlineWarningSeconds: 600,
        timeZone: 'America/New_York',
        role: 'owner',
      });
      const pulled = await pullAll(ctx.stack.url, ctx.fixture.deviceToken);
      expect(pulled.event).toMatchObject({
        offlineSpendingLimitCents: 5000,
        offlineWarningSeconds: 600,
        timeZone: 'America/New_York',
      });
      const manager = await call('PATCH', path, { token: tokens.manager, body: { name: 'Mine' } });
      expect(manager.status).toBe(403);
      const stranger = await call('PATCH', path, {
        token: tokens.stranger,
        body: { name: 'Mine' },
      });
      expect(stranger.status).toBe(404);
      const otherEvent = await call('PATCH', `/v1/events/${other.eventId}`, {
        token: tokens.owner,
        body: { name: 'Mine' },
      });
      expect(otherEvent.status).toBe(404);
      expect((await pullAll(ctx.stack.url, other.deviceToken)).event.name).not.toBe('Mine');
    });

    it('refuses invalid settings with request.invalid and where, and changes nothing', async () => {
      const path = `/v1/events/${ctx.fixture.eventId}`;
      const before = await call('GET', path, { token: tokens.owner });
      const count = await countEvents(ctx.fixture.organisationId);
      const creations: [unknown, string][] = [
        [{ name: 'X', currency: 'ABC', timeZone: 'UTC' }, '/currency'],
        [{ name: 'X', currency: 'usd', timeZone: 'UTC' }, '/currency'],
        [{ name: 'X', currency: 'USD', timeZone: 'Mars/Olympus_Mons' }, '/timeZone'],
        [{ name: '   ', currency: 'USD', timeZone: 'UTC' }, '/name'],
        [{ name: 'A\u0000B', currency: 'USD', timeZone: 'UTC' }, '/name'],
        [
          { name: 'X', currency: 'USD', timeZone: 'UTC', offlineSpendingLimitCents: 10.5 },
          '/offlineSpendingLimitCents',
        ],
        [
          { name: 'X', currency: 'USD', timeZone: 'UTC', offlineSpendingLimitCents: -1 },
          '/offlineSpendingLimitCents',
        ],
        [
          { name: 'X', currency: 'USD', timeZone: 'UTC', organisationId: other.organisationId },
          '/',
        ],
        [{ name: 'X', currency: 'USD' }, '/'],
      ];
      for (const [body, where] of creations) {
        const answer = await call('POST', '/v1/events', { token: tokens.owner, body });
        expect(answer.status, JSON.stringify(body)).toBe(400);
        expect(answer.body.code).toBe('request.invalid');
        expect(answer.body.errors?.[0]?.path).toBe(where);
      }
      for (const body of [
        {},
        { currency: 'EUR' },
        { timeZone: 'Nowhere/Land' },
        { offlineWarningSeconds: 0 },
        { name: 'x'.repeat(121) },
      ]) {
        const answer = await call('PATCH', path, { token: tokens.owner, body });
        expect(answer.status, JSON.stringify(body)).toBe(400);
        expect(answer.body.code).toBe('request.invalid');
      }
      expect(await countEvents(ctx.fixture.organisationId)).toBe(count);
      expect((await call('GET', path, { token: tokens.owner })).body).toEqual(before.body);
    });
  });
}
