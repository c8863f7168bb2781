import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import {
  DEVICE_BACKLOG_AGE_ALERT_MS,
  DEVICE_CLOCK_SKEW_ALERT_MS,
  DEVICE_OFFLINE_AFTER_MS,
  PUSH_PATH,
} from '@tabline/protocol';
import type { DeviceDetails, DevicePage, Heartbeat, LocationDetails } from '@tabline/protocol';
import { issueDeviceToken, upsertDevice } from '@tabline/server';
import { createEventFixture } from '@tabline/testkit/event-fixture';
import { createStaffFixture, signInStaff } from '@tabline/testkit/staff-fixture';
import { testDatabaseKinds } from '@tabline/testkit/test-database';
import { useTestStack } from '@tabline/testkit/use-test-stack';
import { adminApi, pullAll, useAdminCallers } from './support/admin-api.ts';

for (const kind of testDatabaseKinds()) {
  describe(`admin API: devices on ${kind}`, () => {
    const ctx = useTestStack(kind, { workers: false });
    const call = adminApi(() => ctx.stack.url);
    const admin = useAdminCallers(ctx);
    const { tokens } = admin;

    it("lists the event's devices with their last heartbeat, and whether they can still sync", async () => {
      const fresh = await call<DevicePage>('GET', `${admin.event}/devices`, {
        token: tokens.manager,
      });
      expect(fresh.status).toBe(200);
      expect(fresh.body.items).toEqual([
        expect.objectContaining({
          id: ctx.fixture.deviceId,
          name: 'POS 1',
          locationId: ctx.fixture.locationId,
          paired: true,
          lastHeartbeatAt: null,
          backlogCount: null,
          locationName: 'Bar',
          sinceLastSeenMs: null,
          oldestQueuedAgeNowMs: null,
          alerts: ['offline'],
        }),
      ]);
      const deviceTime = new Date(Date.now() + 4_000).toISOString();
      const pushed = await fetch(`${ctx.stack.url}${PUSH_PATH}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${ctx.fixture.deviceToken}`,
        },
        body: JSON.stringify({
          items: [],
          heartbeat: {
            appVersion: '1.2.3',
            deviceTime,
            backlogCount: 7,
            amountAtRiskCents: 4550,
            oldestQueuedAgeMs: 90_000,
          },
        }),
      });
      expect(pushed.status).toBe(200);
      const after = await call<DevicePage>('GET', `${admin.event}/devices`, {
        token: tokens.manager,
      });
      const device = after.body.items[0]!;
      expect(device).toMatchObject({
        appVersion: '1.2.3',
        backlogCount: 7,
        amountAtRiskCents: 4550,
        oldestQueuedAgeMs: 90_000,
      });
      expect(device.lastHeartbeatAt).not.toBeNull();
      expect(device.clockSkewMs).toBeGreaterThan(2_000);

      const revoked = await call('POST', `${admin.event}/devices/${ctx.fixture.deviceId}/revoke`, {
        token: tokens.manager,
      });
      expect(revoked.status).toBe(204);
      const listed = await call<DevicePage>('GET', `${admin.event}/devices`, {
        token: tokens.manager,
      });
      expect(listed.body.items[0]).toMatchObject({ id: ctx.fixture.deviceId, paired: false });
    });

    it('works out alerts from each last heartbeat, by the database clock', async () => {
      const db = ctx.test.database;
      const event = await createEventFixture(db);
      const owner = await signInStaff(ctx.stack.url, (await createStaffFixture(db, event)).owner);
      const till = async (name: string) => {
        const deviceId = randomUUID();
        await upsertDevice(db, { id: deviceId, eventId: event.eventId, locationId: null, name });
        const token = await issueDeviceToken(db, {
          tokenId: randomUUID(),
          deviceId,
          validForMs: 60 * 60_000,
        });
        return { deviceId, token };
      };
      const beat = async (token: string, heartbeat: Omit<Heartbeat, 'appVersion'>) => {
        const response = await fetch(`${ctx.stack.url}${PUSH_PATH}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ items: [], heartbeat: { appVersion: '1.2.3', ...heartbeat } }),
        });
        expect(response.status).toBe(200);
      };
      const healthy = await till('Healthy');
      const stuck = await till('Stuck');
      const silent = await till('Silent');
      await beat(healthy.token, {
        deviceTime: new Date().toISOString(),
        backlogCount: 0,
        amountAtRiskCents: 0,
        oldestQueuedAgeMs: 0,
      });
      await beat(stuck.token, {
        deviceTime: new Date(Date.now() + DEVICE_CLOCK_SKEW_ALERT_MS + 60_000).toISOString(),
        backlogCount: 3,
        amountAtRiskCents: 1950,
        oldestQueuedAgeMs: DEVICE_BACKLOG_AGE_ALERT_MS - 60_000,
      });
      await beat(silent.token, {
        deviceTime: new Date().toISOString(),
        backlogCount: 1,
        amountAtRiskCents: 650,
        oldestQueuedAgeMs: 1_000,
      });
      // The stuck device last beat 90 s ago; the silent one went quiet past the limit.
      await db.query(
        `update devices set last_seen_at = last_seen_at - interval '90 seconds',
                            last_heartbeat_at = last_heartbeat_at - interval '90 seconds'
         where id = $1`,
        [stuck.deviceId],
      );
      await db.query(
        `update devices set last_seen_at = last_seen_at - make_interval(secs => $2::float8 / 1000)
         where id = $1`,
        [silent.deviceId, DEVICE_OFFLINE_AFTER_MS + 1_000],
      );
      const revoked = await till('Revoked');
      const revocation = await call(
        'POST',
        `/v1/events/${event.eventId}/devices/${revoked.deviceId}/revoke`,
        {
          token: owner,
        },
      );
      expect(revocation.status).toBe(204);

      const listed = await call<DevicePage>('GET', `/v1/events/${event.eventId}/devices`, {
        token: owner,
      });
      const byName = new Map(listed.body.items.map((device) => [device.name, device]));
      expect(byName.get('Healthy')).toMatchObject({ alerts: [], oldestQueuedAgeNowMs: 0 });
      expect(byName.get('Healthy')!.sinceLastSeenMs).toBeLessThan(DEVICE_OFFLINE_AFTER_MS);
      // Under the backlog limit when it beat; over it 90 s on.
      const stuckDevice = byName.get('Stuck')!;
      expect(stuckDevice.alerts).toEqual(['backlog_old', 'clock_skew']);
      expect(stuckDevice.oldestQueuedAgeNowMs).toBeGreaterThanOrEqual(
        DEVICE_BACKLOG_AGE_ALERT_MS + 30_000,
      );
      expect(byName.get('Silent')!.alerts).toEqual(['offline']);
      expect(byName.get('Silent')!.sinceLastSeenMs).toBeGreaterThan(DEVICE_OFFLINE_AFTER_MS);
      // Never seen, but revoked: out of the fleet, nothing to raise.
      expect(byName.get('Revoked')).toMatchObject({ paired: false, alerts: [] });
    });

    it('moves a device to another location, which it learns on its next pull', async () => {
      const moved = await createEventFixture(ctx.test.database);
      const owner = await signInStaff(
        ctx.stack.url,
        (await createStaffFixture(ctx.test.database, moved)).owner,
      );
      const path = `/v1/events/${moved.eventId}`;
      const stand = await call<LocationDetails>('POST', `${path}/locations`, {
        token: owner,
        body: { name: 'Food stand' },
      });
      const changed = await call<DeviceDetails>('PATCH', `${path}/devices/${moved.deviceId}`, {
        token: owner,
        body: { locationId: stand.body.id, name: 'Stand till' },
      });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ locationId: stand.body.id, name: 'Stand till' });
      const pulled = await pullAll(ctx.stack.url, moved.deviceToken);
      expect(pulled.device).toEqual({
        id: moved.deviceId,
        name: 'Stand till',
        locationId: stand.body.id,
      });
      const nowhere = await call('PATCH', `${path}/devices/${moved.deviceId}`, {
        token: owner,
        body: { locationId: null },
      });
      expect(nowhere.body).toMatchObject({ locationId: null, name: 'Stand till' });
      expect((await pullAll(ctx.stack.url, moved.deviceToken)).device.locationId).toBeNull();
    });

    it("refuses another event's location, a name in use, and strangers, changing nothing", async () => {
      const path = `${admin.event}/devices/${ctx.fixture.deviceId}`;
      const foreignLocation = await call('PATCH', path, {
        token: tokens.manager,
        body: { locationId: admin.other.locationId },
      });
      expect(foreignLocation.status).toBe(404);
      const pending = await call('POST', `${admin.event}/pairing-codes`, {
        token: tokens.manager,
        body: { deviceName: 'Till 2', locationId: null },
      });
      expect(pending.status).toBe(201);
      const taken = await call('PATCH', path, { token: tokens.manager, body: { name: 'Till 2' } });
      expect(taken.status).toBe(409);
      expect(taken.body.code).toBe('device.name_taken');
      expect((await call('PATCH', path, { token: tokens.manager, body: {} })).status).toBe(400);
      expect(
        (await call('PATCH', path, { token: tokens.cashier, body: { name: 'Mine' } })).status,
      ).toBe(403);
      expect((await call('GET', `${admin.event}/devices`, { token: tokens.cashier })).status).toBe(
        403,
      );
      const stranger = await call('GET', `${admin.event}/devices`, { token: tokens.stranger });
      expect(stranger.status).toBe(404);
      expect(JSON.stringify(stranger.body)).not.toContain('POS 1');
      const foreignDevice = await call('PATCH', `${admin.event}/devices/${admin.other.deviceId}`, {
        token: tokens.owner,
        body: { name: 'Mine' },
      });
      expect(foreignDevice.status).toBe(404);
      const { rows } = await ctx.test.database.query<{ name: string; locationId: string }>(
        `select name, location_id as "locationId" from devices where id = any($1::uuid[])
         order by name`,
        [[ctx.fixture.deviceId, admin.other.deviceId]],
      );
      expect(rows).toEqual([
        { name: 'POS 1', locationId: ctx.fixture.locationId },
        { name: 'POS 1', locationId: admin.other.locationId },
      ]);
    });
  });
}
