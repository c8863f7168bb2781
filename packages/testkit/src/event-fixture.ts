import { randomUUID } from 'node:crypto';
import type { Database } from '@tabline/database';
import {
  issueDeviceToken,
  upsertAttendee,
  upsertCategory,
  upsertDevice,
  upsertEvent,
  upsertLocation,
  upsertOrganisation,
  upsertProduct,
  upsertWristband,
} from '@tabline/server';

export interface EventFixture {
  readonly organisationId: string;
  readonly eventId: string;
  readonly currency: string;
  readonly timeZone: string;
  readonly locationId: string;
  readonly categoryId: string;
  readonly deviceId: string;
  readonly deviceToken: string;
  readonly products: readonly { id: string; name: string; priceCents: number }[];
  /** Attendees with a phone, each wearing the wristband of the same index. */
  readonly attendees: readonly { id: string; phone: string; wristbandUid: string }[];
  /** A band whose attendee gave no phone number. */
  readonly noPhoneWristbandUid: string;
  readonly blockedWristbandUid: string;
  /** The catalog cursor after the menu was made: an order priced with it is not stale. */
  readonly catalogVersion: number;
}

/**
 * A small event with fresh ids, so tests sharing a database never see each
 * other's rows: a location, a device with a token, a menu, and attendees.
 */
export async function createEventFixture(
  db: Database,
  options: {
    attendees?: number;
    currency?: string;
    offlineSpendingLimitCents?: number;
    /** The event's IANA time zone, in which promotion windows are read; UTC by default. */
    timeZone?: string;
    /** An organisation made before, for a second event of it; a new one by default. */
    organisationId?: string;
  } = {},
): Promise<EventFixture> {
  const organisationId = options.organisationId ?? randomUUID();
  const eventId = randomUUID();
  const locationId = randomUUID();
  const deviceId = randomUUID();
  const currency = options.currency ?? 'USD';
  const timeZone = options.timeZone ?? 'UTC';
  const tag = eventId
    .slice(0, 6)
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, 'X');
  if (options.organisationId === undefined) {
    await upsertOrganisation(db, { id: organisationId, name: `Org ${tag}` });
  }
  await upsertEvent(db, {
    id: eventId,
    organisationId,
    name: `Fest ${tag}`,
    currency,
    timeZone,
    ...(options.offlineSpendingLimitCents === undefined
      ? {}
      : { offlineSpendingLimitCents: options.offlineSpendingLimitCents }),
  });
  await upsertLocation(db, { id: locationId, eventId, name: 'Bar' });
  await upsertDevice(db, { id: deviceId, eventId, locationId, name: 'POS 1' });
  const deviceToken = await issueDeviceToken(db, {
    tokenId: randomUUID(),
    deviceId,
    validForMs: 24 * 60 * 60 * 1000,
  });
  const categoryId = randomUUID();
  await upsertCategory(db, { id: categoryId, eventId, name: 'Drinks', position: 1, active: true });
  const products = [
    { id: randomUUID(), name: 'Lager', priceCents: 650 },
    { id: randomUUID(), name: 'Cider', priceCents: 700 },
    { id: randomUUID(), name: 'Water', priceCents: 250 },
  ];
  for (const [position, product] of products.entries()) {
    await upsertProduct(db, { ...product, eventId, categoryId, position, active: true });
  }
  const { rows } = await db.query<{ cursor: number }>(
    `select greatest((select max(sync_seq) from products where event_id = $1),
                     (select max(sync_seq) from categories where event_id = $1)) as cursor`,
    [eventId],
  );
  const catalogVersion = rows[0]!.cursor;
  const attendees = [];
  for (let i = 0; i < (options.attendees ?? 5); i++) {
    const attendee = {
      id: randomUUID(),
      phone: `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`,
      wristbandUid: `${tag}${String(i).padStart(4, '0')}`,
    };
    await upsertAttendee(db, { ...attendee, eventId, name: `Guest ${i}`, tier: 'standard' });
    await upsertWristband(db, {
      eventId,
      uid: attendee.wristbandUid,
      attendeeId: attendee.id,
      status: 'active',
    });
    attendees.push(attendee);
  }
  const noPhoneWristbandUid = `${tag}NOPH`;
  const blockedWristbandUid = `${tag}LOST`;
  for (const [uid, status] of [
    [noPhoneWristbandUid, 'active'],
    [blockedWristbandUid, 'blocked'],
  ] as const) {
    const attendeeId = randomUUID();
    await upsertAttendee(db, { id: attendeeId, eventId, name: uid, phone: null, tier: 'standard' });
    await upsertWristband(db, { eventId, uid, attendeeId, status });
  }
  return {
    organisationId,
    eventId,
    currency,
    timeZone,
    locationId,
    categoryId,
    deviceId,
    deviceToken,
    products,
    attendees,
    noPhoneWristbandUid,
    blockedWristbandUid,
    catalogVersion,
  };
}
