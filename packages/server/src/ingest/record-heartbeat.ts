import type { SqlClient } from '@tabline/database';
import type { Heartbeat } from '@tabline/protocol';

/**
 * Keeps the device's latest heartbeat, and its clock skew: the device's clock
 * minus the server's when the push arrived (positive: the device is ahead).
 * Without a heartbeat only the time it was last seen moves.
 */
export async function recordHeartbeat(
  db: SqlClient,
  deviceId: string,
  heartbeat: Heartbeat | undefined,
  serverTimeMs: number,
) {
  if (!heartbeat) {
    await db.query('update devices set last_seen_at = now() where id = $1', [deviceId]);
    return;
  }
  await db.query(
    `update devices set app_version = $2, backlog_count = $3, amount_at_risk_cents = $4,
       oldest_queued_age_ms = $5, clock_skew_ms = $6, last_heartbeat_at = now(), last_seen_at = now()
     where id = $1`,
    [
      deviceId,
      heartbeat.appVersion,
      heartbeat.backlogCount,
      heartbeat.amountAtRiskCents,
      heartbeat.oldestQueuedAgeMs,
      Date.parse(heartbeat.deviceTime) - serverTimeMs,
    ],
  );
}
