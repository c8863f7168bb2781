import type { SqlClient } from '@tabline/database';
import type { Heartbeat, WorkItem } from '@tabline/protocol';

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

/**
 * A push's heartbeat describes the device's outbox as it sent the push,
 * this batch included. Every item of the batch is answered in the push's
 * transaction (accepted or refused, an answered item leaves the outbox), so
 * what the device holds once the answer arrives is the heartbeat less the
 * batch: its items and the totals of its orders. Recording that, and not
 * the figures from before, keeps a device that syncs and then goes quiet
 * from showing on the dashboard the money it has just delivered. The
 * oldest item's age after the batch is unknown (the batch held the
 * oldest), so it stays, an upper bound, unless nothing is left.
 */
export function heartbeatAfterPush(
  heartbeat: Heartbeat | undefined,
  items: readonly WorkItem[],
): Heartbeat | undefined {
  if (!heartbeat) return undefined;
  const deliveredCents = items.reduce(
    (sum, item) => sum + (item.kind === 'order.place' ? item.payload.totalCents : 0),
    0,
  );
  const backlogCount = Math.max(0, heartbeat.backlogCount - items.length);
  return {
    ...heartbeat,
    backlogCount,
    amountAtRiskCents: Math.max(0, heartbeat.amountAtRiskCents - deliveredCents),
    oldestQueuedAgeMs: backlogCount === 0 ? null : heartbeat.oldestQueuedAgeMs,
  };
}
