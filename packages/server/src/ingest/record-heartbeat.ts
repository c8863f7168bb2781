import type { SqlClient } from '@tabline/database';
import type { Heartbeat } from '@tabline/protocol';

/**
 * The UPDATE that keeps a device's latest heartbeat and its clock skew (the
 * device's clock minus the server's when the push arrived; positive: the
 * device is ahead), with the device id and the heartbeat (`heartbeatJson`)
 * as the given parameters. Without a heartbeat only the time it was last
 * seen moves. A push runs it inside its first statement; an idle device's
 * heartbeat runs it alone (`recordHeartbeat`).
 */
export function heartbeatUpdateSql(deviceParam: string, heartbeatParam: string): string {
  const kept = (column: string) =>
    `${column} = case when h.present then h.${column} else devices.${column} end`;
  return `update devices set last_seen_at = now(),
       ${['app_version', 'backlog_count', 'amount_at_risk_cents', 'oldest_queued_age_ms', 'clock_skew_ms'].map(kept).join(',\n       ')},
       last_heartbeat_at = case when h.present then now() else devices.last_heartbeat_at end
     from json_to_record(${heartbeatParam}::json) as h(present boolean, app_version text,
       backlog_count integer, amount_at_risk_cents bigint, oldest_queued_age_ms bigint,
       clock_skew_ms bigint)
     where devices.id = ${deviceParam}`;
}

/** The heartbeat as the parameter `heartbeatUpdateSql` reads. */
export function heartbeatJson(heartbeat: Heartbeat | undefined, serverTimeMs: number): string {
  if (!heartbeat) return JSON.stringify({ present: false });
  return JSON.stringify({
    present: true,
    app_version: heartbeat.appVersion,
    backlog_count: heartbeat.backlogCount,
    amount_at_risk_cents: heartbeat.amountAtRiskCents,
    oldest_queued_age_ms: heartbeat.oldestQueuedAgeMs,
    clock_skew_ms: Date.parse(heartbeat.deviceTime) - serverTimeMs,
  });
}

/** Records a heartbeat on its own (a push with no work items). */
export async function recordHeartbeat(
  db: SqlClient,
  deviceId: string,
  heartbeat: Heartbeat | undefined,
  serverTimeMs: number,
) {
  await db.query(heartbeatUpdateSql('$1', '$2'), [
    deviceId,
    heartbeatJson(heartbeat, serverTimeMs),
  ]);
}
