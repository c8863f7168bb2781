import type { Database } from '@tabline/database';
import { issueDeviceToken, upsertDevice } from '@tabline/server';
import type { EventFixture } from '@tabline/testkit/event-fixture';
import type { LoadDevice } from './ingest-load-config.ts';

/**
 * The fixture's device and `count - 1` more at its location, each with a
 * token and an address of its own (sent as X-Forwarded-For, so per-address
 * limits see as many clients as there are devices).
 */
export async function benchDevices(
  db: Database,
  fixture: EventFixture,
  count: number,
): Promise<LoadDevice[]> {
  const tokens = [fixture.deviceToken];
  for (let i = 1; i < count; i++) {
    const deviceId = crypto.randomUUID();
    await upsertDevice(db, {
      id: deviceId,
      eventId: fixture.eventId,
      locationId: fixture.locationId,
      name: `POS ${i + 1}`,
    });
    tokens.push(
      await issueDeviceToken(db, {
        tokenId: crypto.randomUUID(),
        deviceId,
        validForMs: 24 * 60 * 60 * 1000,
      }),
    );
  }
  return tokens.map((token, i) => ({
    token,
    address: `10.0.${Math.floor(i / 250)}.${(i % 250) + 1}`,
  }));
}
