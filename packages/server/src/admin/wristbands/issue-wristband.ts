import type { SqlClient } from '@tabline/database';
import { normalizeWristbandUid } from '@tabline/domain';
import { WRISTBANDS_PER_ATTENDEE_MAX } from '@tabline/protocol';
import type { IssueWristbandRequest, WristbandDetails } from '@tabline/protocol';
import { ProblemError } from '../../problem-error.ts';

/** The normalised code of a band to issue, or a `wristband.invalid` refusal. */
export function issuedUidOf(raw: string): string {
  const normalized = normalizeWristbandUid(raw);
  if (!normalized.ok) throw new ProblemError('wristband.invalid', normalized.error.message);
  return normalized.value;
}

/**
 * Issues a wristband (its code normalised by `issuedUidOf`) to an attendee of
 * the event, inside the caller's transaction. A code is issued once per
 * event: never moved to someone else (a lost band is blocked and a new one
 * issued), so an order rung up on a band always belongs to its wearer.
 */
export async function issueWristband(
  tx: SqlClient,
  eventId: string,
  request: IssueWristbandRequest & { uid: string },
): Promise<WristbandDetails> {
  const band: WristbandDetails = {
    uid: request.uid,
    attendeeId: request.attendeeId,
    status: 'active',
    tabLimitCents: request.tabLimitCents ?? null,
  };
  // The attendee's row is the lock that keeps the count below its limit
  // (NO KEY UPDATE: a tab being opened for them is not held up).
  const { rows } = await tx.query<{ bands: number }>(
    `select (select count(*) from wristbands w where w.attendee_id = a.id)::int8 as bands
     from attendees a where a.id = $1 and a.event_id = $2 for no key update`,
    [band.attendeeId, eventId],
  );
  if (!rows[0]) throw new ProblemError('resource.not_found', 'No such attendee.');
  if (rows[0].bands >= WRISTBANDS_PER_ATTENDEE_MAX) {
    throw new ProblemError(
      'wristband.too_many',
      `An attendee holds at most ${WRISTBANDS_PER_ATTENDEE_MAX} wristbands.`,
    );
  }
  const { rowCount } = await tx.query(
    `insert into wristbands (event_id, uid, attendee_id, status, tab_limit_cents)
     values ($1, $2, $3, 'active', $4) on conflict (event_id, uid) do nothing`,
    [eventId, band.uid, band.attendeeId, band.tabLimitCents],
  );
  if (rowCount !== 1) {
    throw new ProblemError('wristband.taken', `The wristband ${band.uid} was already issued.`);
  }
  return band;
}
