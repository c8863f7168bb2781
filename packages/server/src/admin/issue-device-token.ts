import type { SqlClient } from '@tabline/database';
import { hashToken, makeToken } from '../auth/bearer-token.ts';

/**
 * Gives a device a new bearer token, valid for `validForMs`. The token is
 * returned once and only its hash is kept; a device may hold several (so a
 * new one can be issued before the old one is revoked).
 */
export async function issueDeviceToken(
  db: SqlClient,
  request: { tokenId: string; deviceId: string; validForMs: number },
): Promise<string> {
  const token = makeToken('device');
  await db.query(
    `insert into device_tokens (id, device_id, token_hash, expires_at)
     values ($1, $2, $3, now() + make_interval(secs => $4 / 1000.0))`,
    [request.tokenId, request.deviceId, hashToken(token), request.validForMs],
  );
  return token;
}

/** True if the token is live (known, not revoked, not expired) for this device. */
export async function isDeviceTokenLive(db: SqlClient, deviceId: string, token: string) {
  const { rowCount } = await db.query(
    `select 1 from device_tokens where device_id = $1 and token_hash = $2
     and revoked_at is null and expires_at > now()`,
    [deviceId, hashToken(token)],
  );
  return rowCount === 1;
}
