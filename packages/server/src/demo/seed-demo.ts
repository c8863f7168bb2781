import type { Database } from '@tabline/database';
import { newId } from '@tabline/domain';
import type { Clock, Random } from '@tabline/domain';
import { issueDeviceToken, isDeviceTokenLive } from '../admin/issue-device-token.ts';
import { upsertAttendee } from '../admin/upsert-attendee.ts';
import { upsertCategory } from '../admin/upsert-category.ts';
import { upsertDevice } from '../admin/upsert-device.ts';
import { upsertEvent } from '../admin/upsert-event.ts';
import { upsertLocation } from '../admin/upsert-location.ts';
import { upsertOrganisation } from '../admin/upsert-organisation.ts';
import { upsertProduct } from '../admin/upsert-product.ts';
import { upsertPromotion } from '../admin/upsert-promotion.ts';
import { upsertStaffUser } from '../admin/upsert-staff-user.ts';
import { upsertWristband } from '../admin/upsert-wristband.ts';
import { DEMO } from './demo-event.ts';

/** Demo device tokens last a month. */
export const DEMO_TOKEN_VALID_MS = 30 * 24 * 60 * 60 * 1000;

export interface SeedDemoResult {
  readonly organisationId: string;
  readonly eventId: string;
  readonly deviceId: string;
  readonly deviceToken: string;
  /** False when `previousToken` was still live and is returned again. */
  readonly tokenIssued: boolean;
}

/**
 * Seeds the demo event, idempotently: running it again changes nothing that
 * is already there. Tokens are stored hashed, so a token cannot be read back:
 * pass the one a previous run returned and it is reused while it is live;
 * otherwise a new one is issued.
 */
export async function seedDemo(
  db: Database,
  options: {
    clock: Clock;
    random: Random;
    previousToken?: string | undefined;
    /** The demo owner's password, set when the owner is created. */
    ownerPassword: string;
    /**
     * Set it on an existing owner too (the caller does not know the current
     * one). Otherwise an existing owner is left alone, sparing a start-up
     * the few hundred milliseconds of a password hash.
     */
    resetOwnerPassword: boolean;
  },
): Promise<SeedDemoResult> {
  const eventId = DEMO.event.id;
  const [device] = DEMO.devices;
  await db.transaction(async (tx) => {
    await upsertOrganisation(tx, DEMO.organisation);
    await upsertEvent(tx, { ...DEMO.event, organisationId: DEMO.organisation.id });
    const owner = await tx.query('select 1 from staff_users where id = $1', [DEMO.owner.id]);
    if (owner.rowCount === 0 || options.resetOwnerPassword)
      await upsertStaffUser(tx, {
        ...DEMO.owner,
        organisationId: DEMO.organisation.id,
        password: options.ownerPassword,
        organisationRole: 'owner',
      });
    for (const location of DEMO.locations) await upsertLocation(tx, { ...location, eventId });
    for (const d of DEMO.devices) await upsertDevice(tx, { ...d, eventId });
    for (const category of DEMO.categories) {
      await upsertCategory(tx, { ...category, eventId, active: true });
    }
    for (const [position, product] of DEMO.products.entries()) {
      await upsertProduct(tx, { ...product, eventId, position, active: true });
    }
    for (const attendee of DEMO.attendees) {
      await upsertAttendee(tx, { ...attendee, eventId });
      await upsertWristband(tx, {
        eventId,
        uid: attendee.wristbandUid,
        attendeeId: attendee.id,
        status: DEMO.blockedWristbandUids.includes(attendee.wristbandUid) ? 'blocked' : 'active',
        tabLimitCents: DEMO.tabLimits.get(attendee.wristbandUid) ?? null,
      });
    }
    for (const promotion of DEMO.promotions) {
      const stored = await upsertPromotion(tx, eventId, promotion);
      if (!stored.ok) throw new Error(`Demo promotion refused: ${stored.error.message}`);
    }
  });
  const reuse =
    options.previousToken !== undefined &&
    (await isDeviceTokenLive(db, device.id, options.previousToken));
  const deviceToken = reuse
    ? options.previousToken!
    : await issueDeviceToken(db, {
        tokenId: newId(options.clock, options.random),
        deviceId: device.id,
        validForMs: DEMO_TOKEN_VALID_MS,
      });
  return {
    organisationId: DEMO.organisation.id,
    eventId,
    deviceId: device.id,
    deviceToken,
    tokenIssued: !reuse,
  };
}
