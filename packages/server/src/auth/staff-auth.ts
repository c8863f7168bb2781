import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SqlClient } from '@tabline/database';
import { UUID_PATTERN, higherRole, roleAllows } from '@tabline/domain';
import type { StaffRole } from '@tabline/domain';
import { ProblemError } from '../problem-error.ts';
import { hashToken, isTokenShaped } from './bearer-token.ts';
import { requireBearer } from './require-bearer.ts';

/** Who is calling: a member of staff with a live session. */
export interface AuthenticatedStaff {
  readonly userId: string;
  readonly sessionId: string;
  readonly organisationId: string;
  /** The role across the organisation, if any; event roles are looked up per request. */
  readonly organisationRole: StaffRole | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `requireStaff` on routes staff call. */
    staff: AuthenticatedStaff | null;
    /** Set by `requireEventRole` on routes under `/v1/events/:eventId`. */
    authorizedEvent: AuthorizedEvent | null;
  }
}

/**
 * An onRequest hook that lets in only staff with a live session (known, not
 * revoked, not expired, account not disabled), before the body is read.
 */
export function requireStaff(db: SqlClient) {
  return requireBearer(
    (token) => findStaffBySession(db, token),
    (request, staff) => (request.staff = staff),
  );
}

/**
 * An onRequest hook for routes under `/v1/events/:eventId`: a live session
 * (401 otherwise) with at least `required` for that event (404 for an event
 * that is not the caller's, 403 for a role too low), checked before the body
 * is read or validated. Routes declare the same role in their OpenAPI
 * `security` scopes (`staffSecurity(role)`), which the authorisation matrix
 * test reads.
 */
export function requireEventRole(db: SqlClient, required: StaffRole) {
  const authenticate = requireStaff(db);
  return async (request: FastifyRequest, reply: FastifyReply) => {
    await authenticate(request, reply);
    if (reply.sent) return;
    const { eventId } = request.params as { eventId?: unknown };
    // A malformed id cannot name one of the caller's events.
    if (typeof eventId !== 'string' || !UUID.test(eventId)) {
      throw new ProblemError('resource.not_found', 'No such event.');
    }
    request.authorizedEvent = await authorizeEvent(db, staffOf(request), eventId, required);
  };
}

/**
 * An onRequest hook for routes about the whole organisation (creating
 * events, managing staff): a live session (401 otherwise) whose
 * organisation-wide role is at least `required` (403 `auth.forbidden`
 * otherwise; a role for some events only is not enough), checked before the
 * body is read. Routes declare the same role with `staffSecurity(role)`.
 */
export function requireOrganisationRole(db: SqlClient, required: StaffRole) {
  const authenticate = requireStaff(db);
  return async (request: FastifyRequest, reply: FastifyReply) => {
    await authenticate(request, reply);
    if (reply.sent) return;
    const role = staffOf(request).organisationRole;
    if (role === null || !roleAllows(role, required)) {
      throw new ProblemError(
        'auth.forbidden',
        `This needs the ${required} role for the whole organisation.`,
      );
    }
  };
}

/**
 * The onRequest hook and the OpenAPI `security` of routes under
 * `/v1/events/:eventId` needing `role`, made together so the role a route
 * checks and the role it declares cannot drift apart.
 */
export function eventRoleGuard(db: SqlClient, role: StaffRole) {
  return { onRequest: requireEventRole(db, role), security: staffSecurity(role) };
}

/** The same for routes about the whole organisation (`requireOrganisationRole`). */
export function organisationRoleGuard(db: SqlClient, role: StaffRole) {
  return { onRequest: requireOrganisationRole(db, role), security: staffSecurity(role) };
}

/** OpenAPI security requirement of a staff route needing `role` (OpenAPI 3.1 role scopes). */
export function staffSecurity(role: StaffRole) {
  return [{ staffSession: [role] }];
}

export function eventOf(request: FastifyRequest): AuthorizedEvent {
  if (!request.authorizedEvent) throw new Error('Invariant violated: route needs requireEventRole');
  return request.authorizedEvent;
}

const UUID = new RegExp(UUID_PATTERN);

export function staffOf(request: FastifyRequest): AuthenticatedStaff {
  if (!request.staff) throw new Error('Invariant violated: route needs requireStaff');
  return request.staff;
}

async function findStaffBySession(
  db: SqlClient,
  token: string,
): Promise<AuthenticatedStaff | null> {
  if (!isTokenShaped('session', token)) return null;
  const { rows } = await db.query<AuthenticatedStaff>(
    `select u.id as "userId", s.id as "sessionId", u.organisation_id as "organisationId",
            u.organisation_role as "organisationRole"
     from staff_sessions s join staff_users u on u.id = s.user_id
     where s.token_hash = $1 and s.revoked_at is null and s.expires_at > now()
       and u.disabled_at is null`,
    [hashToken(token)],
  );
  return rows[0] ?? null;
}

/** The event a request may act on, with the caller's role for it. */
export interface AuthorizedEvent {
  readonly eventId: string;
  readonly organisationId: string;
  readonly role: StaffRole;
}

/**
 * Lets `staff` act on `eventId` with at least `required`. An event of another
 * organisation, one that does not exist, or one the caller has no role for
 * are all answered alike (`resource.not_found`): a caller learns nothing
 * about what is not theirs. A role too low for the action is
 * `auth.forbidden`.
 */
export async function authorizeEvent(
  db: SqlClient,
  staff: AuthenticatedStaff,
  eventId: string,
  required: StaffRole,
): Promise<AuthorizedEvent> {
  const { rows } = await db.query<{ eventRole: StaffRole | null }>(
    `select (select r.role from staff_event_roles r
             where r.user_id = $1 and r.event_id = e.id) as "eventRole"
     from events e where e.id = $2 and e.organisation_id = $3`,
    [staff.userId, eventId, staff.organisationId],
  );
  const found = rows[0];
  const role = found ? higherRole(staff.organisationRole, found.eventRole) : null;
  if (role === null) throw new ProblemError('resource.not_found', 'No such event.');
  if (!roleAllows(role, required)) {
    throw new ProblemError('auth.forbidden', `This needs the ${required} role for the event.`);
  }
  return { eventId, organisationId: staff.organisationId, role };
}
