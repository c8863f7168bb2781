import type { Database, SqlClient } from '@tabline/database';
import { normalizeWristbandUid } from '@tabline/domain';
import type { WristbandStatus } from '@tabline/domain';
import type { WristbandDetails } from '@tabline/protocol';
import { ProblemError } from '../../problem-error.ts';
import { WRISTBAND_COLUMNS } from './wristband-columns.ts';
import type { WristbandRow } from './wristband-columns.ts';

export type WristbandChange =
  | { readonly kind: 'status'; readonly status: WristbandStatus }
  | { readonly kind: 'tab-limit'; readonly tabLimitCents: number | null };

/**
 * Blocks or unblocks a wristband, or sets its tab limit. Devices get it on
 * their next pull (the row takes a new sync_seq); a block then refuses the
 * band on every POS, online or not. A change that changes nothing is not
 * sent again.
 */
export async function changeWristband(
  db: Database,
  target: { eventId: string; uid: string },
  change: WristbandChange,
): Promise<WristbandDetails> {
  const uid = wristbandUidOf(target.uid);
  const [column, value] =
    change.kind === 'status'
      ? (['status', change.status] as const)
      : (['tab_limit_cents', change.tabLimitCents] as const);
  return db.transaction(async (tx) => {
    await tx.query(
      `update wristbands set ${column} = $3
       where event_id = $1 and uid = $2 and ${column} is distinct from $3`,
      [target.eventId, uid, value],
    );
    return findWristband(tx, target.eventId, uid);
  });
}

export async function readWristband(
  db: SqlClient,
  target: { eventId: string; uid: string },
): Promise<WristbandDetails> {
  return findWristband(db, target.eventId, wristbandUidOf(target.uid));
}

/** A code in a path that cannot be a wristband names none: not found. */
function wristbandUidOf(raw: string): string {
  const normalized = normalizeWristbandUid(raw);
  if (!normalized.ok) throw new ProblemError('resource.not_found', 'No such wristband.');
  return normalized.value;
}

async function findWristband(db: SqlClient, eventId: string, uid: string) {
  const { rows } = await db.query<WristbandRow>(
    `select ${WRISTBAND_COLUMNS} from wristbands where event_id = $1 and uid = $2`,
    [eventId, uid],
  );
  if (!rows[0]) throw new ProblemError('resource.not_found', 'No such wristband.');
  return rows[0];
}
