import { Writable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { systemClock } from '@tabline/domain';
import { WRISTBANDS_PER_ATTENDEE_MAX } from '@tabline/protocol';
import type {
  AttendeeDetails,
  AttendeePage,
  AttendeeWithWristbands,
  WristbandDetails,
} from '@tabline/protocol';
import { createServer } from '@tabline/server';
import { TEST_PASSWORD_COST } from '@tabline/testkit/test-stack';
import { testDatabaseKinds } from '@tabline/testkit/test-database';
import { useTestStack } from '@tabline/testkit/use-test-stack';
import { adminApi, pullAll, useAdminCallers } from './support/admin-api.ts';

for (const kind of testDatabaseKinds()) {
  describe(`admin API: attendees and wristbands on ${kind}`, () => {
    const ctx = useTestStack(kind, { workers: false });
    const call = adminApi(() => ctx.stack.url);
    const admin = useAdminCallers(ctx);
    const { tokens } = admin;

    const pull = (cursor?: string) => pullAll(ctx.stack.url, ctx.fixture.deviceToken, cursor);
    const register = async (body: object = { name: 'Ada Lovelace', phone: '+447700900123' }) => {
      const answer = await call<AttendeeDetails>('POST', `${admin.event}/attendees`, {
        token: tokens.manager,
        body,
      });
      expect(answer.status).toBe(201);
      return answer.body;
    };
    const issue = async (attendeeId: string, uid: string, tabLimitCents?: number | null) =>
      call<WristbandDetails>('POST', `${admin.event}/wristbands`, {
        token: tokens.manager,
        body: { uid, attendeeId, ...(tabLimitCents === undefined ? {} : { tabLimitCents }) },
      });
    const freshUid = () => `TB${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`;

    it('registers an attendee and issues a wristband that devices get on their next pull', async () => {
      const before = await pull();
      const ada = await register({ name: ' Ada ', phone: '+447700900123', tier: 'vip' });
      expect(ada).toMatchObject({ name: 'Ada', phone: '+447700900123', tier: 'vip' });
      const uid = freshUid();
      const typed = `${uid.slice(0, 4).toLowerCase()}-${uid.slice(4, 8)} ${uid.slice(8)}`;
      const band = await issue(ada.id, typed, 5000);
      expect(band.status).toBe(201);
      expect(band.body).toEqual({ uid, attendeeId: ada.id, status: 'active', tabLimitCents: 5000 });
      const after = await pull(before.cursor);
      expect(after.wristbands).toEqual([
        { uid, status: 'active', tier: 'vip', tabLimitCents: 5000 },
      ]);
      const read = await call<AttendeeWithWristbands>('GET', `${admin.event}/attendees/${ada.id}`, {
        token: tokens.manager,
      });
      expect(read.body).toEqual({ ...ada, wristbands: [band.body] });
      const listed = await call<AttendeePage>('GET', `${admin.event}/attendees?limit=500`, {
        token: tokens.manager,
      });
      expect(listed.body.items).toContainEqual(ada);
    });

    it('blocks a lost wristband: devices get the block on their next pull, and the unblock', async () => {
      const attendee = ctx.fixture.attendees[0]!;
      const before = await pull();
      const path = `${admin.event}/wristbands/${attendee.wristbandUid}`;
      const blocked = await call<WristbandDetails>('POST', `${path}/block`, {
        token: tokens.manager,
      });
      expect(blocked.status).toBe(200);
      expect(blocked.body).toMatchObject({ uid: attendee.wristbandUid, status: 'blocked' });
      const afterBlock = await pull(before.cursor);
      expect(afterBlock.wristbands).toEqual([
        { uid: attendee.wristbandUid, status: 'blocked', tier: 'standard', tabLimitCents: null },
      ]);
      // Blocking it again changes nothing and sends nothing.
      expect((await call('POST', `${path}/block`, { token: tokens.manager })).status).toBe(200);
      expect((await pull(afterBlock.cursor)).wristbands).toEqual([]);

      const unblocked = await call('POST', `${path}/unblock`, { token: tokens.owner });
      expect(unblocked.body).toMatchObject({ status: 'active' });
      expect((await pull(afterBlock.cursor)).wristbands).toEqual([
        expect.objectContaining({ uid: attendee.wristbandUid, status: 'active' }),
      ]);
      // A full pull from scratch holds the band's latest state, once.
      const full = await pull();
      expect(full.wristbands.filter((w) => w.uid === attendee.wristbandUid)).toEqual([
        expect.objectContaining({ status: 'active' }),
      ]);
    });

    it('sets a tab limit and a tier that devices get on their next pull', async () => {
      const attendee = ctx.fixture.attendees[1]!;
      const before = await pull();
      const limited = await call('PATCH', `${admin.event}/wristbands/${attendee.wristbandUid}`, {
        token: tokens.manager,
        body: { tabLimitCents: 2500 },
      });
      expect(limited.status).toBe(200);
      expect(limited.body).toMatchObject({ tabLimitCents: 2500 });
      const upgraded = await call('PATCH', `${admin.event}/attendees/${attendee.id}`, {
        token: tokens.manager,
        body: { tier: 'vip' },
      });
      expect(upgraded.body).toMatchObject({ id: attendee.id, tier: 'vip', name: 'Guest 1' });
      const after = await pull(before.cursor);
      expect(after.wristbands.at(-1)).toEqual({
        uid: attendee.wristbandUid,
        status: 'active',
        tier: 'vip',
        tabLimitCents: 2500,
      });
      const lifted = await call('PATCH', `${admin.event}/wristbands/${attendee.wristbandUid}`, {
        token: tokens.manager,
        body: { tabLimitCents: null },
      });
      expect(lifted.body).toMatchObject({ tabLimitCents: null });
    });

    it('refuses a code already issued, a malformed code, and attendees or bands of another event', async () => {
      const ada = await register();
      const taken = await issue(ada.id, ctx.fixture.attendees[2]!.wristbandUid.toLowerCase());
      expect(taken.status).toBe(409);
      expect(taken.body.code).toBe('wristband.taken');
      for (const uid of ['AB', 'TL-00-€€', 'x'.repeat(33)]) {
        const malformed = await issue(ada.id, uid);
        expect(malformed.status).toBe(400);
        expect(malformed.body.code).toBe('wristband.invalid');
      }
      const foreignAttendee = await issue(admin.other.attendees[0]!.id, freshUid());
      expect(foreignAttendee.status).toBe(404);
      expect(foreignAttendee.body.code).toBe('resource.not_found');
      for (const [method, path] of [
        ['POST', `${admin.event}/wristbands/${admin.other.attendees[0]!.wristbandUid}/block`],
        ['GET', `${admin.event}/wristbands/${admin.other.attendees[0]!.wristbandUid}`],
        ['GET', `${admin.event}/attendees/${admin.other.attendees[0]!.id}`],
        ['GET', `${admin.event}/wristbands/not-a-band!`],
      ] as const) {
        const answer = await call(method, path, { token: tokens.manager });
        expect(answer.status, path).toBe(404);
        expect(JSON.stringify(answer.body)).not.toContain('Guest');
      }
      const theirs = await pullAll(ctx.stack.url, admin.other.deviceToken);
      expect(
        theirs.wristbands.find((w) => w.uid === admin.other.attendees[0]!.wristbandUid),
      ).toMatchObject({
        status: 'active',
      });
      const read = await call<AttendeeWithWristbands>('GET', `${admin.event}/attendees/${ada.id}`, {
        token: tokens.manager,
      });
      expect(read.body.wristbands).toEqual([]);
    });

    it(`issues at most ${WRISTBANDS_PER_ATTENDEE_MAX} wristbands to one attendee`, async () => {
      const ada = await register();
      for (let i = 0; i < WRISTBANDS_PER_ATTENDEE_MAX; i++) {
        expect((await issue(ada.id, freshUid())).status).toBe(201);
      }
      const answer = await issue(ada.id, freshUid());
      expect(answer.status).toBe(409);
      expect(answer.body.code).toBe('wristband.too_many');
    });

    it('lets managers look after attendees, not cashiers; other organisations get 404 and no data', async () => {
      const ada = await register();
      const uid = freshUid();
      await issue(ada.id, uid);
      for (const [method, path, body] of [
        ['GET', `${admin.event}/attendees`, undefined],
        ['POST', `${admin.event}/attendees`, { name: 'Eve', phone: null }],
        ['GET', `${admin.event}/attendees/${ada.id}`, undefined],
        ['PATCH', `${admin.event}/attendees/${ada.id}`, { name: 'Eve' }],
        ['POST', `${admin.event}/wristbands`, { uid: freshUid(), attendeeId: ada.id }],
        ['GET', `${admin.event}/wristbands/${uid}`, undefined],
        ['PATCH', `${admin.event}/wristbands/${uid}`, { tabLimitCents: 1 }],
        ['POST', `${admin.event}/wristbands/${uid}/block`, undefined],
        ['POST', `${admin.event}/wristbands/${uid}/unblock`, undefined],
      ] as const) {
        const cashier = await call(method, path, { token: tokens.cashier, body });
        expect(cashier.status, `${method} ${path}`).toBe(403);
        const stranger = await call(method, path, { token: tokens.stranger, body });
        expect(stranger.status, `${method} ${path}`).toBe(404);
        expect(JSON.stringify(stranger.body)).not.toMatch(/Ada|\+44/);
        expect((await call(method, path, { body })).status).toBe(401);
      }
      const read = await call<AttendeeWithWristbands>('GET', `${admin.event}/attendees/${ada.id}`, {
        token: tokens.manager,
      });
      expect(read.body).toMatchObject({
        name: 'Ada Lovelace',
        wristbands: [{ uid, status: 'active', tabLimitCents: null }],
      });
    });

    it('refuses bad phone numbers, names and limits, and changes nothing', async () => {
      const count = async () =>
        (
          await ctx.test.database.query<{ n: number }>(
            'select count(*)::int8 as n from attendees where event_id = $1',
            [ctx.fixture.eventId],
          )
        ).rows[0]!.n;
      const before = await count();
      const cursor = (await pull()).cursor;
      for (const body of [
        { name: 'Bob', phone: '07700 900123' },
        { name: 'Bob', phone: '+0447700900123' },
        { name: 'Bob' },
        { name: '', phone: null },
        { name: 'Bob\nSmith', phone: null },
        { name: 'Bob', phone: null, tier: 'gold' },
        { name: 'Bob', phone: null, eventId: admin.other.eventId },
      ]) {
        const answer = await call('POST', `${admin.event}/attendees`, {
          token: tokens.manager,
          body,
        });
        expect(answer.status, JSON.stringify(body)).toBe(400);
        expect(answer.body.code).toBe('request.invalid');
        // The refusal says where, never what: no personal data echoed.
        expect(JSON.stringify(answer.body)).not.toContain('900123');
      }
      const band = ctx.fixture.attendees[3]!.wristbandUid;
      for (const tabLimitCents of [-1, 0.5, '100', 10_000_000_001]) {
        const answer = await call('PATCH', `${admin.event}/wristbands/${band}`, {
          token: tokens.manager,
          body: { tabLimitCents },
        });
        expect(answer.status).toBe(400);
      }
      expect(await count()).toBe(before);
      expect((await pull(cursor)).cursor).toBe(cursor);
    });

    it('never logs attendee names or phone numbers', async () => {
      const lines: string[] = [];
      const sink = new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(chunk.toString());
          done();
        },
      });
      const app = await createServer({
        db: ctx.test.database,
        jobs: ctx.stack.jobs,
        clock: systemClock,
        passwordCost: TEST_PASSWORD_COST,
        logger: pino({ level: 'trace' }, sink),
      });
      const url = await app.listen({ host: '127.0.0.1', port: 0 });
      try {
        const logged = adminApi(() => url);
        const name = `Zelda ${randomUUID().slice(0, 6)}`;
        const phone = '+15005550199';
        const created = await logged<AttendeeDetails>('POST', `${admin.event}/attendees`, {
          token: tokens.manager,
          body: { name, phone, tier: 'standard' },
        });
        expect(created.status).toBe(201);
        await logged('PATCH', `${admin.event}/attendees/${created.body.id}`, {
          token: tokens.manager,
          body: { name: `${name} II`, phone: '+15005550100' },
        });
        await logged('GET', `${admin.event}/attendees/${created.body.id}`, {
          token: tokens.manager,
        });
        await logged('POST', `${admin.event}/attendees`, {
          token: tokens.manager,
          body: { name, phone: 'call me maybe' },
        });
      } finally {
        await app.close();
      }
      const log = lines.join('');
      expect(log).toContain('/attendees');
      expect(log).not.toMatch(/Zelda|5005550/);
    });
  });
}
