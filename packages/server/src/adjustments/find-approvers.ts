import type { SqlClient } from '@tabline/database';
import { APPROVERS_PER_EVENT_MAX } from '@tabline/domain';
import type { ApproverRecord } from '@tabline/protocol';
import { IS_MANAGER_OF_EVENT } from './manager-of-event.ts';

/**
 * The managers and owners of an event who have set a PIN, with what a device
 * needs to check the PIN offline (never the PIN key itself), by name.
 */
export async function findApprovers(db: SqlClient, eventId: string): Promise<ApproverRecord[]> {
  const { rows } = await db.query<ApproverRecord>(
    `select u.id as "staffUserId", u.name, k.id as "pinKeyId",
            encode(k.salt, 'hex') as "saltHex", k.iterations,
            encode(k.verifier, 'hex') as "verifierHex"
     from events e
     join staff_users u on ${IS_MANAGER_OF_EVENT}
     join staff_pin_keys k on k.user_id = u.id and k.retired_at is null
     where e.id = $1
     order by u.name, u.id
     limit $2`,
    [eventId, APPROVERS_PER_EVENT_MAX],
  );
  return rows;
}
