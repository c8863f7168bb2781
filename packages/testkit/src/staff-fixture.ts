import { randomUUID } from 'node:crypto';
import type { Database } from '@tabline/database';
import type { StaffRole } from '@tabline/domain';
import { SESSIONS_PATH } from '@tabline/protocol';
import type { SessionResponse } from '@tabline/protocol';
import { setEventRole, upsertStaffUser } from '@tabline/server';
import type { EventFixture } from './event-fixture.ts';
import { TEST_PASSWORD_COST } from './test-stack.ts';

export interface StaffMember {
  readonly id: string;
  readonly email: string;
  readonly password: string;
}

export interface StaffFixture {
  /** Owner of the whole organisation. */
  readonly owner: StaffMember;
  /** Manager of the fixture's event only. */
  readonly manager: StaffMember;
  /** Cashier at the fixture's event only. */
  readonly cashier: StaffMember;
}

/** An owner, a manager and a cashier for an event fixture's organisation and event. */
export async function createStaffFixture(
  db: Database,
  fixture: Pick<EventFixture, 'organisationId' | 'eventId'>,
): Promise<StaffFixture> {
  const make = async (role: StaffRole, scope: 'organisation' | 'event'): Promise<StaffMember> => {
    const member = {
      id: randomUUID(),
      email: `${role}-${randomUUID().slice(0, 8)}@example.test`,
      password: `pw-${randomUUID()}`,
    };
    await upsertStaffUser(
      db,
      {
        ...member,
        organisationId: fixture.organisationId,
        name: `The ${role}`,
        organisationRole: scope === 'organisation' ? role : null,
      },
      TEST_PASSWORD_COST,
    );
    if (scope === 'event')
      await setEventRole(db, { userId: member.id, eventId: fixture.eventId, role });
    return member;
  };
  return {
    owner: await make('owner', 'organisation'),
    manager: await make('manager', 'event'),
    cashier: await make('cashier', 'event'),
  };
}

/** Signs a member of staff in through the API and returns the session token. */
export async function signInStaff(baseUrl: string, member: StaffMember): Promise<string> {
  const response = await fetch(`${baseUrl}${SESSIONS_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: member.email, password: member.password }),
  });
  if (response.status !== 201) {
    throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  }
  return ((await response.json()) as SessionResponse).token;
}
