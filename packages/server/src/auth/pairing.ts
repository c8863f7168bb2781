import type { Database, SqlClient } from '@tabline/database';
import type { Clock } from '@tabline/domain';
import { isUniqueViolation } from '../is-unique-violation.ts';
import { ProblemError } from '../problem-error.ts';
import { PAIRING_PER_ADDRESS, recordAuthFailure, throttledForMs } from './auth-throttle.ts';
import { hashToken, makeToken } from './bearer-token.ts';
import { PAIRING_CODE_VALID_MS, hashPairingCode, makePairingCode } from './pairing-code.ts';

/** A paired device's token lasts 90 days; the app rotates it long before. */
export const DEVICE_TOKEN_VALID_MS = 90 * 24 * 60 * 60_000;

/** A rotated-out token keeps working this long, for requests already in flight. */
export const ROTATED_TOKEN_GRACE_MS = 5 * 60_000;

/** Makes a pairing code for a new device of `eventId`, at `locationId` if given. */
export async function createPairingCode(
  db: SqlClient,
  deps: { newId: () => string },
  request: { eventId: string; locationId: string | null; deviceName: string; createdBy: string },
): Promise<{ code: string; expiresAt: Date }> {
  if (request.locationId !== null) {
    const { rowCount } = await db.query('select 1 from locations where id = $1 and event_id = $2', [
      request.locationId,
      request.eventId,
    ]);
    if (rowCount !== 1) throw new ProblemError('resource.not_found', 'No such location.');
  }
  const { rowCount: taken } = await db.query(
    `select 1 from devices where event_id = $1 and name = $2
     union all
     select 1 from pairing_codes where event_id = $1 and device_name = $2
       and used_at is null and expires_at > now()`,
    [request.eventId, request.deviceName],
  );
  if (taken > 0) throw deviceNameTaken(request.deviceName);
  const code = makePairingCode();
  const { rows } = await db.query<{ expiresAt: Date }>(
    `insert into pairing_codes (id, event_id, location_id, device_name, code_hash, created_by, expires_at)
     values ($1, $2, $3, $4, $5, $6, now() + make_interval(secs => $7 / 1000.0))
     returning expires_at as "expiresAt"`,
    [
      deps.newId(),
      request.eventId,
      request.locationId,
      request.deviceName,
      hashPairingCode(code),
      request.createdBy,
      PAIRING_CODE_VALID_MS,
    ],
  );
  return { code, expiresAt: rows[0]!.expiresAt };
}

export interface PairedDevice {
  readonly deviceId: string;
  readonly eventId: string;
  readonly token: string;
  readonly expiresAt: Date;
}

/**
 * Exchanges a pairing code for a new device and its token, in one
 * transaction: the code is used up by the same statement that creates the
 * device, so two devices racing with one code cannot both pair.
 */
export async function pairDevice(
  db: Database,
  deps: { clock: Clock; newId: () => string },
  attempt: { code: string; address: string },
): Promise<PairedDevice> {
  const subjects = [{ rule: PAIRING_PER_ADDRESS, subject: attempt.address }];
  const now = deps.clock.now();
  const waitMs = await throttledForMs(db, now, subjects);
  if (waitMs > 0) {
    throw new ProblemError('auth.throttled', 'Too many failed pairings; wait and try again.', {
      retryAfterSeconds: Math.ceil(waitMs / 1000),
    });
  }
  const deviceId = deps.newId();
  const token = makeToken('device');
  const paired = await db
    .transaction(async (tx) => {
      const { rows } = await tx.query<{ eventId: string }>(
        `with code as (
         update pairing_codes set used_at = now(), device_id = $2
         where code_hash = $1 and used_at is null and expires_at > now()
         returning event_id, location_id, device_name)
       insert into devices (id, event_id, location_id, name)
       select $2, event_id, location_id, device_name from code
       returning event_id as "eventId"`,
        [hashPairingCode(attempt.code), deviceId],
      );
      const device = rows[0];
      if (!device) return null;
      const expiresAt = await insertDeviceToken(tx, deps.newId(), deviceId, token);
      return { deviceId, eventId: device.eventId, token, expiresAt };
    })
    .catch((error: unknown) => {
      // A device took the name after the code was made: the code stays unused.
      if (isUniqueViolation(error, 'devices_event_id_name_key')) throw deviceNameTaken(null);
      throw error;
    });
  if (!paired) {
    await recordAuthFailure(db, now, subjects);
    throw new ProblemError('pairing.code_invalid', 'This pairing code is not valid.');
  }
  return paired;
}

/**
 * Gives the calling device a new token; the one it called with keeps working
 * for `ROTATED_TOKEN_GRACE_MS` (requests in flight), then stops.
 */
export async function rotateDeviceToken(
  db: Database,
  deps: { newId: () => string },
  current: { deviceId: string; tokenId: string },
): Promise<{ token: string; expiresAt: Date }> {
  const token = makeToken('device');
  const expiresAt = await db.transaction(async (tx) => {
    await tx.query(
      `update device_tokens set rotated_at = now(),
         expires_at = least(expires_at, now() + make_interval(secs => $2 / 1000.0))
       where id = $1`,
      [current.tokenId, ROTATED_TOKEN_GRACE_MS],
    );
    return insertDeviceToken(tx, deps.newId(), current.deviceId, token);
  });
  return { token, expiresAt };
}

/** Revokes every token of a device of `eventId`; false when there is no such device. */
export async function revokeDevice(
  db: SqlClient,
  device: { eventId: string; deviceId: string },
): Promise<boolean> {
  const { rowCount } = await db.query('select 1 from devices where id = $1 and event_id = $2', [
    device.deviceId,
    device.eventId,
  ]);
  if (rowCount !== 1) return false;
  await db.query(
    'update device_tokens set revoked_at = now() where device_id = $1 and revoked_at is null',
    [device.deviceId],
  );
  return true;
}

async function insertDeviceToken(
  db: SqlClient,
  tokenId: string,
  deviceId: string,
  token: string,
): Promise<Date> {
  const { rows } = await db.query<{ expiresAt: Date }>(
    `insert into device_tokens (id, device_id, token_hash, expires_at)
     values ($1, $2, $3, now() + make_interval(secs => $4 / 1000.0))
     returning expires_at as "expiresAt"`,
    [tokenId, deviceId, hashToken(token), DEVICE_TOKEN_VALID_MS],
  );
  return rows[0]!.expiresAt;
}

function deviceNameTaken(name: string | null): ProblemError {
  return new ProblemError(
    'device.name_taken',
    name === null
      ? 'A device of the event took this name since the code was made; ask for a new code.'
      : `The event already has a device (or a pending code) named ${JSON.stringify(name)}.`,
  );
}
