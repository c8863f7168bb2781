import type { SqlClient } from '@tabline/database';
import type { DeviceDetails } from '@tabline/protocol';
import { isoTime } from '../iso-time.ts';
import { deviceAlerts } from './device-alerts.ts';
import { toPage } from '../page-request.ts';
import type { Page, PageRequest } from '../page-request.ts';

/**
 * A device's columns (`d`), with its location's name and its ages by the
 * database's clock, the one its heartbeats were stamped with.
 */
export const DEVICE_COLUMNS = `d.id, d.name, d.location_id as "locationId",
  (select l.name from locations l where l.id = d.location_id) as "locationName",
  d.created_at as "createdAt",
  exists (select 1 from device_tokens t where t.device_id = d.id
          and t.revoked_at is null and t.expires_at > now()) as paired,
  d.last_seen_at as "lastSeenAt", d.last_heartbeat_at as "lastHeartbeatAt",
  d.app_version as "appVersion", d.backlog_count as "backlogCount",
  d.amount_at_risk_cents as "amountAtRiskCents", d.oldest_queued_age_ms as "oldestQueuedAgeMs",
  d.clock_skew_ms as "clockSkewMs",
  floor(extract(epoch from now() - d.last_seen_at) * 1000)::int8 as "sinceLastSeenMs",
  case when d.backlog_count = 0 then 0
       else d.oldest_queued_age_ms
            + floor(extract(epoch from now() - d.last_heartbeat_at) * 1000)::int8
  end as "oldestQueuedAgeNowMs"`;

export interface DeviceRow extends Omit<
  DeviceDetails,
  'createdAt' | 'lastSeenAt' | 'lastHeartbeatAt' | 'alerts'
> {
  readonly createdAt: Date;
  readonly lastSeenAt: Date | null;
  readonly lastHeartbeatAt: Date | null;
}

export function toDeviceDetails(row: DeviceRow): DeviceDetails {
  return {
    ...row,
    // A clock set back between two reads cannot make an age negative.
    sinceLastSeenMs: row.sinceLastSeenMs === null ? null : Math.max(0, row.sinceLastSeenMs),
    oldestQueuedAgeNowMs:
      row.oldestQueuedAgeNowMs === null ? null : Math.max(0, row.oldestQueuedAgeNowMs),
    alerts: deviceAlerts(row),
    createdAt: isoTime(row.createdAt),
    lastSeenAt: isoTime(row.lastSeenAt),
    lastHeartbeatAt: isoTime(row.lastHeartbeatAt),
  };
}

/**
 * The event's devices with their last heartbeat: what each has not
 * delivered yet, how old, its clock against the server's, and the alerts
 * the server works out from them (`deviceAlerts`).
 */
export async function listDevices(
  db: SqlClient,
  eventId: string,
  page: PageRequest,
): Promise<Page<DeviceDetails>> {
  const { rows } = await db.query<DeviceRow>(
    `select ${DEVICE_COLUMNS} from devices d
     where d.event_id = $1 and ($2::uuid is null or d.id > $2::uuid)
     order by d.id limit $3`,
    [eventId, page.after, page.limit + 1],
  );
  return toPage(rows.map(toDeviceDetails), page);
}
