import { describe, expect, it } from 'vitest';
import { PUSH_PATH } from '@tabline/protocol';
import type { DeviceDetails, DevicePage, LocationDetails } from '@tabline/protocol';
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
