import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Database, JobQueue } from '@tabline/database';
import { STAFF_ROLES, cryptoRandom, systemClock } from '@tabline/domain';
import type { StaffRole } from '@tabline/domain';
import {
  CURRENT_SESSION_PATH,
  PAIR_DEVICE_PATH,
  PUSH_PATH,
  SESSIONS_PATH,
} from '@tabline/protocol';
import type { DeviceTokenResponse, PushResponse, SessionResponse } from '@tabline/protocol';
import {
  hashToken,
  issueDeviceToken,
  setEventRole,
  upsertOrganisation,
  upsertPromotion,
  upsertStaffUser,
} from '@tabline/server';
import { createEventFixture } from '@tabline/testkit/event-fixture';
import type { EventFixture } from '@tabline/testkit/event-fixture';
import { placeOrderItem } from '@tabline/testkit/place-order-item';
import { TEST_PASSWORD_COST } from '@tabline/testkit/test-stack';
import { processOrder } from '@tabline/workers';

/**
 * Two organisations, A and B, with two events each (A1, A2, B1, B2): staff
 * of every role across each organisation and for each event, paired devices,
 * a promotion, an order charged to a tab. Every id, name, email, phone and
 * token is recorded with the tenant it belongs to, so a test can check that
 * an answer holds nothing of a tenant the caller does not belong to.
 */
export interface TenantWorld {
  readonly database: Database;
  readonly app: FastifyInstance;
  readonly organisations: Readonly<Record<'A' | 'B', TenantOrganisation>>;
  readonly events: Readonly<Record<EventKey, TenantEvent>>;
  /** Everything that belongs to some tenant, with its owner. */
  readonly sensitive: readonly SensitiveString[];
  /** A fresh session of `member` (recorded as sensitive). */
  signIn(member: StaffMember): Promise<string>;
  /** A fresh token of `deviceId` of `event` (recorded as sensitive). */
  deviceToken(event: TenantEvent, deviceId?: string): Promise<string>;
}

export type EventKey = 'A1' | 'A2' | 'B1' | 'B2';

export interface TenantOrganisation {
  readonly key: 'A' | 'B';
  readonly organisationId: string;
  /** Members with a role across the organisation. */
  readonly staff: Readonly<Record<StaffRole, StaffMember>>;
}

export interface TenantEvent {
  readonly key: EventKey;
  readonly organisationId: string;
  readonly fixture: EventFixture;
  /** Members with a role for this event only. */
  readonly staff: Readonly<Record<StaffRole, StaffMember>>;
  /**
   * A device paired through the API. Path parameters name it rather than
   * `fixture.deviceId`, whose token the tests use.
   */
  readonly spareDeviceId: string;
  /** A token of a device paired through the API, then revoked through the API. */
  readonly revokedDeviceToken: string;
  /** A token of `fixture.deviceId` that expired a minute ago. */
  readonly expiredDeviceToken: string;
  readonly promotionId: string;
  readonly orderId: string;
  readonly tabId: string;
}

export interface StaffMember {
  readonly id: string;
  readonly email: string;
  readonly password: string;
  readonly role: StaffRole;
  readonly organisationId: string;
  /** The event of an event role; null for a role across the organisation. */
  readonly eventId: string | null;
  readonly label: string;
}

/** A string that belongs to a tenant: an organisation, or one of its events. */
export interface SensitiveString {
  readonly value: string;
  readonly what: string;
  readonly organisationId: string;
  /** Null: it belongs to the organisation as a whole. */
  readonly eventId: string | null;
}

export async function createTenantWorld(
  db: Database,
  app: FastifyInstance,
  jobs: JobQueue,
): Promise<TenantWorld> {
  const sensitive: SensitiveString[] = [];
  const remember = (
    owner: { organisationId: string; eventId: string | null },
    what: string,
    ...values: string[]
  ) => {
    for (const value of values) sensitive.push({ value, what, ...owner });
  };
  const call = injector(app);
  const signIn = async (member: StaffMember) => {
    const answer = await call('POST', SESSIONS_PATH, {
      body: { email: member.email, password: member.password },
    });
    if (answer.status !== 201) throw new Error(`sign-in: ${answer.status} ${answer.text}`);
    const { token } = answer.json as SessionResponse;
    remember(member, `session of ${member.label}`, token);
    return token;
  };
  const deviceToken = async (event: TenantEvent, deviceId = event.fixture.deviceId) => {
    const token = await issueDeviceToken(db, {
      tokenId: randomUUID(),
      deviceId,
      validForMs: 60 * 60_000,
    });
    const owner = { organisationId: event.organisationId, eventId: event.fixture.eventId };
    remember(owner, `token of a device of ${event.key}`, token);
    return token;
  };

  const organisations = {} as Record<'A' | 'B', TenantOrganisation>;
  const events = {} as Record<EventKey, TenantEvent>;
  for (const key of ['A', 'B'] as const) {
    const organisationId = randomUUID();
    const name = `Organisation ${key} ${randomUUID().slice(0, 8)}`;
    await upsertOrganisation(db, { id: organisationId, name });
    const owner = { organisationId, eventId: null };
    remember(owner, `organisation ${key}`, organisationId, name);
    const staff = await makeStaff(db, owner, `${key} (organisation)`, remember);
    organisations[key] = { key, organisationId, staff };
    for (const number of [1, 2]) {
      const eventKey = `${key}${number}` as EventKey;
      events[eventKey] = await makeEvent(db, eventKey, organisationId, {
        call,
        jobs,
        remember,
        signIn,
      });
    }
  }
  return { database: db, app, organisations, events, sensitive, signIn, deviceToken };
}

type Remember = (
  owner: { organisationId: string; eventId: string | null },
  what: string,
  ...values: string[]
) => void;

async function makeStaff(
  db: Database,
  owner: { organisationId: string; eventId: string | null },
  scope: string,
  remember: Remember,
): Promise<Record<StaffRole, StaffMember>> {
  const staff = {} as Record<StaffRole, StaffMember>;
  for (const role of STAFF_ROLES) {
    const member: StaffMember = {
      id: randomUUID(),
      email: `${role}-${randomUUID().slice(0, 8)}@example.test`,
      password: `pw-${randomUUID()}`,
      role,
      label: `${scope} ${role}`,
      ...owner,
    };
    await upsertStaffUser(
      db,
      {
        ...member,
        name: `${scope} ${role}`,
        organisationRole: owner.eventId === null ? role : null,
      },
      TEST_PASSWORD_COST,
    );
    if (owner.eventId !== null) {
      await setEventRole(db, { userId: member.id, eventId: owner.eventId, role });
    }
    remember(member, `${member.label}`, member.id, member.email);
    staff[role] = member;
  }
  return staff;
}

async function makeEvent(
  db: Database,
  key: EventKey,
  organisationId: string,
  tools: {
    call: ReturnType<typeof injector>;
    jobs: JobQueue;
    remember: Remember;
    signIn: (member: StaffMember) => Promise<string>;
  },
): Promise<TenantEvent> {
  const { call, remember } = tools;
  const fixture = await createEventFixture(db, { organisationId });
  const owner = { organisationId, eventId: fixture.eventId };
  const staff = await makeStaff(db, owner, key, remember);
  const manager = await tools.signIn(staff.manager);

  const pair = async () => {
    const code = await call('POST', `/v1/events/${fixture.eventId}/pairing-codes`, {
      token: manager,
      body: { deviceName: `Till ${randomUUID().slice(0, 8)}`, locationId: fixture.locationId },
    });
    const paired = await call('POST', PAIR_DEVICE_PATH, {
      body: { code: (code.json as { code: string }).code },
    });
    if (paired.status !== 201) throw new Error(`pairing: ${paired.status} ${paired.text}`);
    return paired.json as DeviceTokenResponse;
  };
  const spare = await pair();
  const revoked = await pair();
  const revocation = await call(
    'POST',
    `/v1/events/${fixture.eventId}/devices/${revoked.deviceId}/revoke`,
    { token: manager },
  );
  if (revocation.status !== 204) throw new Error(`revocation: ${revocation.status}`);
  const expiredDeviceToken = await issueDeviceToken(db, {
    tokenId: randomUUID(),
    deviceId: fixture.deviceId,
    validForMs: -60_000,
  });

  const promotionId = randomUUID();
  const promotion = await upsertPromotion(db, fixture.eventId, {
    id: promotionId,
    name: `Happy hour ${key}`,
    active: true,
    priority: 1,
    stacking: 'stackable',
    validFrom: null,
    validUntil: null,
    window: null,
    tiers: null,
    target: { kind: 'products', productIds: [fixture.products[0]!.id] },
    benefit: { kind: 'percent-off', basisPoints: 1000 },
    capCents: null,
  });
  if (!promotion.ok) throw new Error(`promotion: ${promotion.error.message}`);

  const item = placeOrderItem(fixture);
  const pushed = await call('POST', PUSH_PATH, {
    token: fixture.deviceToken,
    body: { items: [item] },
  });
  if ((pushed.json as PushResponse).results[0]?.outcome !== 'accepted') {
    throw new Error(`push: ${pushed.text}`);
  }
  const orderId = item.payload.orderId;
  const deps = { db, jobs: tools.jobs, clock: systemClock, random: cryptoRandom };
  if ((await processOrder(deps, orderId)) !== 'charged') throw new Error('order not charged');
  const { rows } = await db.query<{ tabId: string; eventName: string }>(
    `select t.id as "tabId", e.name as "eventName"
     from orders o join tabs t on t.id = o.tab_id join events e on e.id = o.event_id
     where o.id = $1`,
    [orderId],
  );
  const { tabId, eventName } = rows[0]!;

  remember(owner, `event ${key}`, fixture.eventId, eventName, fixture.locationId);
  remember(owner, `catalog of ${key}`, fixture.categoryId, promotionId);
  remember(owner, `products of ${key}`, ...fixture.products.map((product) => product.id));
  remember(owner, `devices of ${key}`, fixture.deviceId, spare.deviceId, revoked.deviceId);
  remember(
    owner,
    `device tokens of ${key}`,
    fixture.deviceToken,
    spare.token,
    revoked.token,
    expiredDeviceToken,
  );
  remember(
    owner,
    `attendees of ${key}`,
    ...fixture.attendees.flatMap((attendee) => [
      attendee.id,
      attendee.phone,
      attendee.wristbandUid,
    ]),
    fixture.noPhoneWristbandUid,
    fixture.blockedWristbandUid,
  );
  remember(owner, `order and tab of ${key}`, orderId, item.idempotencyKey, tabId);
  return {
    key,
    organisationId,
    fixture,
    staff,
    spareDeviceId: spare.deviceId,
    revokedDeviceToken: revoked.token,
    expiredDeviceToken,
    promotionId,
    orderId,
    tabId,
  };
}

/** A session that expired a minute ago (expiry is the database's time, so it is set there). */
export async function expireSession(db: Database, token: string): Promise<void> {
  const { rowCount } = await db.query(
    `update staff_sessions set expires_at = now() - interval '1 minute' where token_hash = $1`,
    [hashToken(token)],
  );
  if (rowCount !== 1) throw new Error('no such session');
}

/** A session ended through the API (sign-out). */
export async function signOut(app: FastifyInstance, token: string): Promise<void> {
  const answer = await injector(app)('DELETE', CURRENT_SESSION_PATH, { token });
  if (answer.status !== 204) throw new Error(`sign-out: ${answer.status}`);
}

/** `token` with one character of its random part changed to another valid one. */
export function tamperedToken(token: string, position: 'first' | 'last'): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const bodyStart = token.indexOf('_', 3) + 1; // after `tl_dev_` or `tl_ses_`
  const index = position === 'first' ? bodyStart : token.length - 1;
  const changed = alphabet[(alphabet.indexOf(token[index]!) + 1) % alphabet.length]!;
  return token.slice(0, index) + changed + token.slice(index + 1);
}

function injector(app: FastifyInstance) {
  return async (
    method: 'GET' | 'POST' | 'DELETE',
    url: string,
    options: { token?: string; body?: unknown } = {},
  ) => {
    const response = await app.inject({
      method,
      url,
      headers: options.token === undefined ? {} : { authorization: `Bearer ${options.token}` },
      ...(options.body === undefined ? {} : { payload: options.body as object }),
    });
    const text = response.body;
    return {
      status: response.statusCode,
      text,
      json: text === '' ? null : (JSON.parse(text) as unknown),
    };
  };
}
