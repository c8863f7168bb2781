import type { AttendeeTier, WristbandStatus } from '@tabline/domain';
import type { SqliteDatabase } from '../sqlite-database.ts';

/** A wristband as the last pull described it. */
export interface KnownWristband {
  readonly uid: string;
  readonly status: WristbandStatus;
  readonly tier: AttendeeTier;
  readonly tabLimitCents: number | null;
}

/** The band from the pulled list, or undefined for a band this POS has not heard of. */
export function findWristband(db: SqliteDatabase, uid: string): KnownWristband | undefined {
  return db.get<KnownWristband>(
    `SELECT uid, status, tier, tab_limit_cents AS tabLimitCents FROM wristbands WHERE uid = ?`,
    [uid],
  );
}
