import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { STAFF_ROLES } from '@tabline/domain';
import type { StaffRole } from '@tabline/domain';
import { testDatabaseKinds } from '@tabline/testkit/test-database';
import { useTestStack } from '@tabline/testkit/use-test-stack';
import { listApiOperations, operationPath, parametersIn } from './support/api-operations.ts';
import type { ApiOperation } from './support/api-operations.ts';
import { problemFaults } from './support/documented-problem.ts';
import { listRoutes } from './support/route-table.ts';
import {
  createTenantWorld,
  expireSession,
  signOut,
  tamperedToken,
} from './support/tenant-world.ts';
import type {
  SensitiveString,
  StaffMember,
  TenantEvent,
  TenantWorld,
} from './support/tenant-world.ts';
import { snapshotTenant } from './support/tenant-snapshot.ts';
import { validValue } from './support/valid-value-arbitrary.ts';
import type { Hints } from './support/valid-value-arbitrary.ts';

/**
 * Broken object-level authorisation is the first risk of the OWASP API
 * Security Top 10. Every protected operation of the OpenAPI document (so
 * endpoints added later are covered as soon as they declare themselves) is
 * called by every caller who must not get in: no token, an expired, revoked
 * or tampered one, a token of the wrong kind, another organisation's,
 * another event's, a role below the one the operation declares, and staff
 * naming the target's objects under their own event. Path parameters and
 * body ids are the target's real ids: that is the attack. Every answer must
 * be a documented 401, 403 or 404 problem with no byte of any tenant's data,
 * and the target's rows must not change. Device routes have no event in the
 * path: a device of another event or organisation calling them must get its
 * own event's data only.
 *
 * Expiry is checked against the database's clock (`expires_at > now()`, the
 * one time every API process shares), not the server's injected Clock, so
 * expired credentials are made with an expiry in the past rather than by
 * moving a clock or waiting.
 */

/** Operations anyone may call, without a token. Keep this list short. */
const PUBLIC_OPERATIONS = ['POST /v1/sessions', 'POST /v1/devices/pair'];

/** Routes outside the OpenAPI document, on purpose: operations, documentation. */
const HIDDEN_ROUTES = [
  /^GET \/metrics$/,
  /^GET \/healthz$/,
  /^GET \/readyz$/,
  /^GET \/openapi\.json$/,
  /^GET \/docs(\/.*)?$/,
  /^GET \/problems\/:code$/,
];

type Category =
  | 'no token'
  | 'expired token'
  | 'revoked token'
  | 'tampered token'
  | 'token of the wrong kind'
  | "another organisation's token"
  | "another event's token"
  | 'a lower role'
  | "the target's ids under the caller's own event";

/** What the caller may see: its organisation's data (if it acts across it) or its events'. */
interface CallerScope {
  readonly organisationId: string;
  readonly eventIds: readonly string[];
  readonly organisationWide: boolean;
}

interface MatrixCase {
  readonly category: Category;
  readonly caller: string;
  readonly authorization: () => Promise<string | undefined>;
  /**
   * `unauthenticated`: 401; `denied`: 401, 403 or 404; `own data only`: any
   * answer but a 5xx, with the caller's own data at most.
   */
  readonly outcome: 'unauthenticated' | 'denied' | 'own data only';
  readonly scope: CallerScope | null;
  /** The caller's own event in the path, the target's ids in the rest of it. */
  readonly pathEventId?: string;
}

/** Shared credentials, made before the matrix runs. */
interface Credentials {
  readonly sessions: Map<StaffMember, string>;
  readonly expiredSession: string;
  readonly revokedSession: string;
}

for (const kind of testDatabaseKinds()) {
  describe(`authorisation on ${kind}`, () => {
    const ctx = useTestStack(kind, { workers: false });
    let world: TenantWorld;
    beforeAll(async () => {
      world = await createTenantWorld(ctx.test.database, ctx.stack.app, ctx.stack.jobs);
    });

    it('declares security on every route but a short list of public ones', () => {
      const operations = listApiOperations(ctx.stack.app);
      const unprotected = operations.filter((operation) => operation.security.kind === 'public');
      expect(unprotected.map((operation) => operation.id).sort()).toEqual(
        [...PUBLIC_OPERATIONS].sort(),
      );
      // Every route the server answers is in the document, or hidden on purpose.
      const documented = operations.map(
        (operation) => `${operation.method} ${operation.path.replace(/\{(\w+)\}/g, ':$1')}`,
      );
      const routes = listRoutes(ctx.stack.app);
      expect(routes).toEqual(expect.arrayContaining(documented));
      const undeclared = routes.filter(
        (route) =>
          !documented.includes(route) && !HIDDEN_ROUTES.some((hidden) => hidden.test(route)),
      );
      expect(undeclared).toEqual([]);
    });

    it('answers every wrong caller of every protected operation with 401, 403 or 404 and no tenant data', async () => {
      const target = world.events.A1;
      const credentials = await makeCredentials(world);
      const operations = listApiOperations(ctx.stack.app).filter(
        (operation) => operation.security.kind !== 'public',
      );
      const before = await snapshotTenant(ctx.test.database, tenantOf(target));
      const counts = new Map<string, number>();
      const failures: string[] = [];
      let seed = 0;
      for (const operation of operations) {
        for (const matrixCase of matrixCases(operation, world, credentials)) {
          const request = targetRequest(operation, target, seed++, matrixCase.pathEventId);
          const authorization = await matrixCase.authorization();
          const response = await ctx.stack.app.inject({
            ...request,
            headers: {
              ...request.headers,
              ...(authorization === undefined ? {} : { authorization }),
            },
          });
          const where = `${operation.id}, ${matrixCase.category} (${matrixCase.caller})`;
          const faults = answerFaults(matrixCase, response, world.sensitive);
          failures.push(...faults.map((fault) => `${where}: ${fault}`));
          const key = `${matrixCase.category}`;
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
      }
      const after = await snapshotTenant(ctx.test.database, tenantOf(target));
      const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
      console.log(
        `authorisation matrix on ${kind}: ${total} cases over ${operations.length} protected ` +
          `operations (${operations.map((operation) => operation.id).join(', ')}), ` +
          `${failures.length} failures, ${world.sensitive.length} sensitive strings watched`,
        Object.fromEntries(counts),
      );
      expect(failures).toEqual([]);
      expect(changedEntries(before, after), "the target's rows changed").toEqual([]);

      // The same requests with the declared role (or the target's own device)
      // get past authorisation: the matrix refused them for who called, not
      // for what they asked.
      for (const operation of operations) {
        const request = targetRequest(operation, target, seed++);
        const response = await ctx.stack.app.inject({
          ...request,
          headers: {
            ...request.headers,
            authorization: `Bearer ${await rightfulToken(operation, target, world)}`,
          },
        });
        expect(
          [401, 403, 404].includes(response.statusCode) || response.statusCode >= 500,
          `${operation.id} with the declared role answered ${response.statusCode} ${response.body}: ` +
            'the matrix must send requests the right caller gets through (see targetValues())',
        ).toBe(false);
      }
    }, 300_000);
  });
}

function tenantOf(event: TenantEvent) {
  return { eventId: event.fixture.eventId, organisationId: event.organisationId };
}

async function makeCredentials(world: TenantWorld): Promise<Credentials> {
  const sessions = new Map<StaffMember, string>();
  const members = [
    ...Object.values(world.organisations).flatMap((organisation) =>
      Object.values(organisation.staff),
    ),
    ...Object.values(world.events).flatMap((event) => Object.values(event.staff)),
  ];
  for (const member of members) sessions.set(member, await world.signIn(member));
  const owner = world.organisations.A.staff.owner;
  const expiredSession = await world.signIn(owner);
  await expireSession(world.database, expiredSession);
  const revokedSession = await world.signIn(owner);
  await signOut(world.app, revokedSession);
  return { sessions, expiredSession, revokedSession };
}

/** Every caller who must not get what it asks of `operation` on event A1. */
function matrixCases(
  operation: ApiOperation,
  world: TenantWorld,
  credentials: Credentials,
): MatrixCase[] {
  const { A, B } = world.organisations;
  const { A1, A2, B1, B2 } = world.events;
  const bearer = (token: string) => () => Promise.resolve(`Bearer ${token}`);
  const session = (member: StaffMember) => bearer(credentials.sessions.get(member)!);
  const unauthenticated = (
    category: Category,
    caller: string,
    authorization: string | undefined,
  ): MatrixCase => ({
    category,
    caller,
    authorization: () => Promise.resolve(authorization),
    outcome: 'unauthenticated',
    scope: null,
  });
  const cases: MatrixCase[] = [
    unauthenticated('no token', 'no Authorization header', undefined),
    unauthenticated('no token', 'an empty bearer token', 'Bearer '),
    unauthenticated('no token', 'the word Bearer alone', 'Bearer'),
    unauthenticated('no token', 'Basic credentials', 'Basic dXNlcjpwYXNzd29yZA=='),
  ];
  const { security } = operation;
  if (security.kind === 'device') {
    const token = A1.fixture.deviceToken;
    cases.push(
      unauthenticated('expired token', 'A1 device', `Bearer ${A1.expiredDeviceToken}`),
      unauthenticated('revoked token', 'A1 device', `Bearer ${A1.revokedDeviceToken}`),
      unauthenticated(
        'tampered token',
        'A1 device, first character',
        `Bearer ${tamperedToken(token, 'first')}`,
      ),
      unauthenticated(
        'tampered token',
        'A1 device, last character',
        `Bearer ${tamperedToken(token, 'last')}`,
      ),
      unauthenticated(
        'token of the wrong kind',
        'A owner session',
        `Bearer ${credentials.sessions.get(A.staff.owner)!}`,
      ),
    );
    const otherDevice = (category: Category, event: TenantEvent): MatrixCase => ({
      category,
      caller: `${event.key} device`,
      // A fresh token each: the call may succeed and change the caller's own state.
      authorization: async () => `Bearer ${await world.deviceToken(event)}`,
      outcome: 'own data only',
      scope: {
        organisationId: event.organisationId,
        eventIds: [event.fixture.eventId],
        organisationWide: false,
      },
    });
    cases.push(
      otherDevice("another organisation's token", B1),
      otherDevice("another organisation's token", B2),
      otherDevice("another event's token", A2),
    );
    return cases;
  }
  if (security.kind !== 'staff') throw new Error(`${operation.id} is public`);
  const owner = credentials.sessions.get(A.staff.owner)!;
  cases.push(
    unauthenticated('expired token', 'A owner', `Bearer ${credentials.expiredSession}`),
    unauthenticated('revoked token', 'A owner, signed out', `Bearer ${credentials.revokedSession}`),
    unauthenticated(
      'tampered token',
      'A owner, first character',
      `Bearer ${tamperedToken(owner, 'first')}`,
    ),
    unauthenticated(
      'tampered token',
      'A owner, last character',
      `Bearer ${tamperedToken(owner, 'last')}`,
    ),
    unauthenticated('token of the wrong kind', 'A1 device', `Bearer ${A1.fixture.deviceToken}`),
  );
  const denied = (category: Category, member: StaffMember, pathEventId?: string): MatrixCase => ({
    category,
    caller: member.label + (pathEventId === undefined ? '' : ', under its own event'),
    authorization: session(member),
    outcome: 'denied',
    scope: null,
    ...(pathEventId === undefined ? {} : { pathEventId }),
  });
  if (security.role === null) {
    // Any live session may call it: others get in, but only to their own data.
    const others: [Category, StaffMember][] = [
      ["another organisation's token", B.staff.owner],
      ["another organisation's token", B1.staff.cashier],
      ["another event's token", A2.staff.owner],
      ["another event's token", A2.staff.cashier],
    ];
    for (const [category, member] of others) {
      cases.push({
        category,
        caller: member.label,
        authorization: async () => `Bearer ${await world.signIn(member)}`,
        outcome: 'own data only',
        scope: scopeOf(member, world),
      });
    }
    return cases;
  }
  const required = security.role;
  const names = parametersIn(operation, 'path').map((parameter) => parameter.name);
  const others: [Category, StaffMember][] = [
    ...[...Object.values(B.staff), ...Object.values(B1.staff)].map(
      (member): [Category, StaffMember] => ["another organisation's token", member],
    ),
    ...Object.values(A2.staff).map((member): [Category, StaffMember] => [
      "another event's token",
      member,
    ]),
  ];
  for (const [category, member] of others) {
    if (names.length > 0) {
      cases.push(denied(category, member));
      continue;
    }
    // No id in the path (list my events, create an event, list staff): the
    // route acts on the caller's own organisation, so another tenant's
    // member gets in (or is refused for its role), to its own data only.
    cases.push({
      category,
      caller: member.label,
      authorization: async () => `Bearer ${await world.signIn(member)}`,
      outcome: 'own data only',
      scope: scopeOf(member, world),
    });
  }
  for (const role of rolesBelow(required)) {
    cases.push(denied('a lower role', A.staff[role]), denied('a lower role', A1.staff[role]));
  }
  // Event routes whose other ids belong to the event (not /v1/staff/{userId}/event-roles/{eventId},
  // where the user belongs to the organisation and any of its events may be named).
  if (operation.path.startsWith('/v1/events/{eventId}/') && names.length > 1) {
    const mixed: [StaffMember, TenantEvent][] = [
      [B.staff.owner, B1],
      [B1.staff.owner, B1],
      [A2.staff.owner, A2],
      [A.staff.owner, A2],
    ];
    for (const [member, event] of mixed) {
      cases.push(
        denied("the target's ids under the caller's own event", member, event.fixture.eventId),
      );
    }
  }
  return cases;
}

function rolesBelow(role: StaffRole): StaffRole[] {
  return STAFF_ROLES.slice(0, STAFF_ROLES.indexOf(role));
}

function scopeOf(member: StaffMember, world: TenantWorld): CallerScope {
  const events = Object.values(world.events).filter(
    (event) => event.organisationId === member.organisationId,
  );
  return member.eventId === null
    ? {
        organisationId: member.organisationId,
        eventIds: events.map((event) => event.fixture.eventId),
        organisationWide: true,
      }
    : {
        organisationId: member.organisationId,
        eventIds: [member.eventId],
        organisationWide: false,
      };
}

function isVisible(scope: CallerScope | null, string: SensitiveString): boolean {
  if (scope === null || string.organisationId !== scope.organisationId) return false;
  return string.eventId === null ? scope.organisationWide : scope.eventIds.includes(string.eventId);
}

function answerFaults(
  matrixCase: MatrixCase,
  response: {
    statusCode: number;
    headers: Record<string, string | string[] | number | undefined>;
    body: string;
  },
  sensitive: readonly SensitiveString[],
): string[] {
  const status = response.statusCode;
  const answer = {
    status,
    contentType: String(response.headers['content-type'] ?? ''),
    body: response.body,
  };
  const faults: string[] = [];
  switch (matrixCase.outcome) {
    case 'unauthenticated':
      if (status !== 401) faults.push(`answered ${status}, not 401`);
      faults.push(...problemFaults(answer));
      break;
    case 'denied':
      if (![401, 403, 404].includes(status)) faults.push(`answered ${status}, not 401, 403 or 404`);
      faults.push(...problemFaults(answer));
      break;
    case 'own data only':
      if (status >= 500) faults.push(`answered ${status}`);
      if (status >= 400) faults.push(...problemFaults(answer));
      break;
  }
  const everything = JSON.stringify(response.headers) + response.body;
  for (const string of sensitive) {
    if (!isVisible(matrixCase.scope, string) && everything.includes(string.value)) {
      faults.push(`answer holds ${string.what} (${string.value}): ${response.body.slice(0, 300)}`);
    }
  }
  return faults;
}

/** Values of the target event for path parameters (and body properties) of these names. */
function targetValues(target: TenantEvent): Record<string, string> {
  const { fixture } = target;
  const attendee = fixture.attendees[0]!;
  return {
    organisationId: target.organisationId,
    eventId: fixture.eventId,
    deviceId: target.spareDeviceId,
    locationId: fixture.locationId,
    categoryId: fixture.categoryId,
    productId: fixture.products[0]!.id,
    promotionId: target.promotionId,
    attendeeId: attendee.id,
    wristbandUid: attendee.wristbandUid,
    uid: attendee.wristbandUid,
    orderId: target.orderId,
    tabId: target.tabId,
    userId: target.staff.cashier.id,
    staffId: target.staff.cashier.id,
    currency: fixture.currency,
  };
}

/**
 * A request to `operation` about the target event: its ids in the path (or
 * the caller's own event in place of the target's, for the mixed cases),
 * and a valid body made from the schema with the target's ids in it.
 */
function targetRequest(
  operation: ApiOperation,
  target: TenantEvent,
  seed: number,
  pathEventId?: string,
) {
  const values = targetValues(target);
  const hints: Hints = {
    ...Object.fromEntries(
      Object.entries(values).map(([name, value]) => [name, fc.constant(value)]),
    ),
    idempotencyKey: fc.uuid(),
    'idempotency-key': fc.uuid(),
    deviceName: fc.uuid().map((uuid) => `Till ${uuid.slice(0, 8)}`),
  };
  const sample = (schema: Parameters<typeof validValue>[0], name?: string) =>
    fc.sample(validValue(schema, hints, name), { numRuns: 1, seed })[0]!.value;
  let url: string;
  try {
    url = operationPath(operation, { ...values, ...(pathEventId ? { eventId: pathEventId } : {}) });
  } catch (error) {
    throw new Error(
      `${operation.id}: give its path parameters a value of the target in targetValues()`,
      { cause: error },
    );
  }
  const query = parametersIn(operation, 'query')
    .filter((parameter) => parameter.required)
    .map(
      (parameter) =>
        `${parameter.name}=${encodeURIComponent(String(sample(parameter.schema, parameter.name)))}`,
    );
  const headers: Record<string, string> = {};
  for (const parameter of parametersIn(operation, 'header')) {
    headers[parameter.name] = String(sample(parameter.schema, parameter.name));
  }
  const body = operation.body ? JSON.stringify(sample(operation.body)) : undefined;
  if (body !== undefined) headers['content-type'] = 'application/json';
  return {
    method: operation.method as 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: query.length === 0 ? url : `${url}?${query.join('&')}`,
    headers,
    ...(body === undefined ? {} : { payload: body }),
  };
}

/** The credentials `operation` declares, for the target event: exactly the role it names. */
async function rightfulToken(operation: ApiOperation, target: TenantEvent, world: TenantWorld) {
  const { security } = operation;
  switch (security.kind) {
    case 'device':
      return world.deviceToken(target);
    case 'staff': {
      const role = security.role ?? 'cashier';
      // Routes outside an event (its organisation's events, its staff) need the role across the organisation.
      const organisation = Object.values(world.organisations).find(
        (candidate) => candidate.organisationId === target.organisationId,
      )!;
      const member = operation.path.startsWith('/v1/events/{eventId}')
        ? target.staff[role]
        : organisation.staff[role];
      return world.signIn(member);
    }
    case 'public':
      throw new Error(`${operation.id} is public`);
  }
}

function changedEntries(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...before.keys()]
    .filter((table) => before.get(table) !== after.get(table))
    .map((table) => `${table}: ${before.get(table)} → ${after.get(table)}`);
}
