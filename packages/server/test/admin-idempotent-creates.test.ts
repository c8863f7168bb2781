import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AttendeeDetails } from '@tabline/protocol';
import { createStaffFixture, signInStaff } from '@tabline/testkit/staff-fixture';
import { testDatabaseKinds } from '@tabline/testkit/test-database';
import { useTestStack } from '@tabline/testkit/use-test-stack';

/** One create of each kind, with what makes it unique and how to count its rows. */
interface CreateCase {
  readonly name: string;
  readonly path: () => string;
  readonly body: () => Record<string, unknown>;
  /** The same create with something changed. */
  readonly other: (body: Record<string, unknown>) => Record<string, unknown>;
  readonly count: () => Promise<number>;
}

for (const kind of testDatabaseKinds()) {
  describe(`admin API: creates with an Idempotency-Key on ${kind}`, () => {
    const ctx = useTestStack(kind, { workers: false });
    const tokens = { owner: '', otherOwner: '' };
    let attendeeId: string;
    beforeAll(async () => {
      const staff = await createStaffFixture(ctx.test.database, ctx.fixture);
      const secondOwner = await createStaffFixture(ctx.test.database, ctx.fixture);
      tokens.owner = await signInStaff(ctx.stack.url, staff.owner);
      tokens.otherOwner = await signInStaff(ctx.stack.url, secondOwner.owner);
      attendeeId = ctx.fixture.attendees[0]!.id;
    });

    const post = async (
      path: string,
      body: unknown,
      key: string | undefined,
      token = tokens.owner,
    ) => {
      const response = await fetch(`${ctx.stack.url}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
          ...(key === undefined ? {} : { 'idempotency-key': key }),
        },
        body: JSON.stringify(body),
      });
      return {
        status: response.status,
        replayed: response.headers.get('idempotent-replayed'),
        body: (await response.json()) as Record<string, unknown> & { code?: string },
      };
    };
    const count = async (sql: string, params: unknown[]) =>
      (await ctx.test.database.query<{ n: number }>(sql, params)).rows[0]!.n;
    const inEvent = (table: string) => () =>
      count(`select count(*)::int8 as n from ${table} where event_id = $1`, [ctx.fixture.eventId]);
    const event = () => `/v1/events/${ctx.fixture.eventId}`;
    const unique = () => randomUUID().slice(0, 8);

    const cases: CreateCase[] = [
      {
        name: 'event',
        path: () => '/v1/events',
        body: () => ({ name: `Fest ${unique()}`, currency: 'EUR', timeZone: 'UTC' }),
        other: (body) => ({ ...body, currency: 'GBP' }),
        count: () =>
          count('select count(*)::int8 as n from events where organisation_id = $1', [
            ctx.fixture.organisationId,
          ]),
      },
      {
        name: 'location',
        path: () => `${event()}/locations`,
        body: () => ({ name: `Bar ${unique()}` }),
        other: (body) => ({ name: `${String(body['name'])} 2` }),
        count: inEvent('locations'),
      },
      {
        name: 'category',
        path: () => `${event()}/categories`,
        body: () => ({ name: `Category ${unique()}` }),
        other: (body) => ({ ...body, position: 9 }),
        count: inEvent('categories'),
      },
      {
        name: 'product',
        path: () => `${event()}/products`,
        body: () => ({ name: `Product ${unique()}`, priceCents: 500 }),
        other: (body) => ({ ...body, priceCents: 501 }),
        count: inEvent('products'),
      },
      {
        name: 'promotion',
        path: () => `${event()}/promotions`,
        body: () => ({
          name: `Promotion ${unique()}`,
          active: true,
          priority: 0,
          stacking: 'stackable',
          validFrom: null,
          validUntil: null,
          window: null,
          tiers: ['vip'],
          target: { kind: 'all' },
          benefit: { kind: 'percent-off', basisPoints: 1000 },
          capCents: null,
        }),
        other: (body) => ({ ...body, priority: 1 }),
        count: inEvent('promotions'),
      },
      {
        name: 'attendee',
        path: () => `${event()}/attendees`,
        body: () => ({ name: `Guest ${unique()}`, phone: null }),
        other: (body) => ({ ...body, tier: 'vip' }),
        count: inEvent('attendees'),
      },
      {
        name: 'wristband',
        path: () => `${event()}/wristbands`,
        body: () => ({ uid: `IK${unique().toUpperCase()}`, attendeeId }),
        other: (body) => ({ ...body, tabLimitCents: 100 }),
        count: inEvent('wristbands'),
      },
      {
        name: 'member of staff',
        path: () => '/v1/staff',
        body: () => ({
          email: `key-${unique()}@example.test`,
          name: 'Keyed',
          password: 'a-long-enough-password',
          organisationRole: null,
        }),
        other: (body) => ({ ...body, name: 'Someone else' }),
        count: () =>
          count('select count(*)::int8 as n from staff_users where organisation_id = $1', [
            ctx.fixture.organisationId,
          ]),
      },
    ];

    for (const create of cases) {
      it(`creates one ${create.name} for a key however often it is retried, and refuses the key for another request`, async () => {
        const before = await create.count();
        const key = randomUUID();
        const body = create.body();
        const first = await post(create.path(), body, key);
        expect(first.status, JSON.stringify(first.body)).toBe(201);
        expect(first.replayed).toBe('false');
        const retry = await post(create.path(), body, key);
        expect(retry.status).toBe(201);
        expect(retry.replayed).toBe('true');
        expect(retry.body).toEqual(first.body);
        expect(await create.count()).toBe(before + 1);

        const reused = await post(create.path(), create.other(body), key);
        expect(reused.status).toBe(422);
        expect(reused.body.code).toBe('idempotency.key_reused');
        expect(await create.count()).toBe(before + 1);
      });
    }

    it('gives one record to concurrent retries of one key: the others replay it or hear it is in flight', async () => {
      const before = await inEvent('attendees')();
      const key = randomUUID();
      const body = { name: 'Concurrent Carla', phone: null };
      const answers = await Promise.all(
        Array.from({ length: 10 }, () => post(`${event()}/attendees`, body, key)),
      );
      const created = answers.filter((answer) => answer.status === 201);
      const inFlight = answers.filter((answer) => answer.status === 409);
      expect(created.length + inFlight.length).toBe(10);
      expect(inFlight.every((answer) => answer.body.code === 'idempotency.in_flight')).toBe(true);
      expect(created.filter((answer) => answer.replayed === 'false')).toHaveLength(1);
      const id = (created[0]!.body as AttendeeDetails).id;
      expect(created.every((answer) => answer.body['id'] === id)).toBe(true);
      // A retry once the first has committed gets it.
      const retry = await post(`${event()}/attendees`, body, key);
      expect([retry.status, retry.replayed, retry.body['id']]).toEqual([201, 'true', id]);
      expect(await inEvent('attendees')()).toBe(before + 1);
    });

    it('scopes keys by member of staff, keeps none for a refused create, and refuses a malformed key', async () => {
      const key = randomUUID();
      const body = { name: 'Shared key', phone: null };
      const mine = await post(`${event()}/attendees`, body, key);
      const theirs = await post(`${event()}/attendees`, body, key, tokens.otherOwner);
      expect([mine.status, theirs.status]).toEqual([201, 201]);
      expect(theirs.body['id']).not.toBe(mine.body['id']);

      // A refusal stores nothing: once the conflict is gone, the same key creates.
      const name = `Taken ${unique()}`;
      const location = await post(`${event()}/locations`, { name }, undefined);
      expect(location.status).toBe(201);
      const refusedKey = randomUUID();
      const refused = await post(`${event()}/locations`, { name }, refusedKey);
      expect(refused.status).toBe(409);
      await ctx.test.database.query(`update locations set name = name || ' (old)' where id = $1`, [
        location.body['id'],
      ]);
      const retried = await post(`${event()}/locations`, { name }, refusedKey);
      expect(retried.status).toBe(201);
      expect(retried.replayed).toBe('false');

      for (const malformed of ['not-a-uuid', randomUUID().toUpperCase()]) {
        const answer = await post(`${event()}/attendees`, body, malformed);
        expect(answer.status).toBe(400);
        expect(answer.body.code).toBe('request.invalid');
      }
    });
  });
}
