import type { SqliteDatabase } from '../sqlite-database.ts';

/** A manager who can approve voids and refunds on this device, as a picker lists them. */
export interface Approver {
  readonly staffUserId: string;
  readonly name: string;
}

/**
 * The managers from the last pull, by name: the one approving picks theirs
 * and types their PIN. Empty before the first pull, or when the event has no
 * manager with a PIN. At most APPROVERS_PER_EVENT_MAX (a pull holds no more).
 */
export function listApprovers(db: SqliteDatabase): Approver[] {
  return db.all<Approver>(
    'SELECT staff_user_id AS staffUserId, name FROM approvers ORDER BY name, staff_user_id',
  );
}
