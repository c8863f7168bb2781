/**
 * The simulated event: the demo event (its menu and promotions, so orders
 * are priced with happy hours, VIP discounts and free third beers), one
 * device per simulated POS with its token, and a crowd of attendees with
 * wristbands: most with a phone (their receipts are texted), some VIPs, some
 * without a phone (no text is due).
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '@tabline/database';
import { cryptoRandom, systemClock } from '@tabline/domain';
import {
  DEMO,
  issueDeviceToken,
  seedDemo,
  upsertAttendee,
  upsertDevice,
  upsertWristband,
} from '@tabline/server';

/** Attendees of the simulated crowd (besides the demo's own). */
export const SIM_ATTENDEES = 1_000;
/** One attendee in this many is a VIP; one in NO_PHONE_ONE_IN gave no phone. */
const VIP_ONE_IN = 10;
const NO_PHONE_ONE_IN = 20;
/** Device tokens outlive any run. */
const TOKEN_VALID_MS = 24 * 60 * 60 * 1000;

export interface SimEvent {
  readonly eventId: string;
  readonly devices: readonly { readonly id: string; readonly token: string }[];
  readonly bands: readonly string[];
  readonly blockedBand: string;
  readonly productIds: readonly string[];
  /** The organiser, who reads the dashboard's figures. */
  readonly owner: { readonly email: string; readonly password: string };
}

export async function createSimEvent(db: Database, devices: number): Promise<SimEvent> {
  const owner = { email: DEMO.owner.email, password: randomUUID() };
  const { eventId } = await seedDemo(db, {
    clock: systemClock,
    random: cryptoRandom,
    ownerPassword: owner.password,
    resetOwnerPassword: true,
  });
  const bands: string[] = [];
  await db.transaction(async (tx) => {
    for (let i = 0; i < SIM_ATTENDEES; i++) {
      const id = randomUUID();
      const uid = `SIM${String(i).padStart(5, '0')}`;
      await upsertAttendee(tx, {
        id,
        eventId,
        name: `Sim guest ${i}`,
        phone: i % NO_PHONE_ONE_IN === 0 ? null : `+1555${String(2_000_000 + i).padStart(7, '0')}`,
        tier: i % VIP_ONE_IN === 1 ? 'vip' : 'standard',
      });
      await upsertWristband(tx, { eventId, uid, attendeeId: id, status: 'active' });
      bands.push(uid);
    }
  });
  const issued = [];
  for (let i = 0; i < devices; i++) {
    const id = randomUUID();
    const location = DEMO.locations[i % DEMO.locations.length]!;
    await upsertDevice(db, { id, eventId, locationId: location.id, name: `Sim POS ${i + 1}` });
    const token = await issueDeviceToken(db, {
      tokenId: randomUUID(),
      deviceId: id,
      validForMs: TOKEN_VALID_MS,
    });
    issued.push({ id, token });
  }
  return {
    eventId,
    devices: issued,
    bands,
    blockedBand: DEMO.blockedWristbandUids[0]!,
    productIds: DEMO.products.map((product) => product.id),
    owner,
  };
}
