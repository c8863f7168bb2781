import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { upsertDevice } from '@tabline/server';
import type { EventFixture } from '@tabline/testkit/event-fixture';
import { createStaffFixture, signInStaff } from '@tabline/testkit/staff-fixture';
import type { StaffFixture } from '@tabline/testkit/staff-fixture';
import { testDatabaseKinds } from '@tabline/testkit/test-database';
import { useTestStack } from '@tabline/testkit/use-test-stack';
import { listApiOperations } from './support/api-operations.ts';
import type { ApiOperation } from './support/api-operations.ts';
import { changedTables, snapshotDatabase } from './support/database-snapshot.ts';
import { problemFaults } from './support/documented-problem.ts';
import { fuzzRequests } from './support/fuzz-request-arbitrary.ts';
import type { FuzzRequest } from './support/fuzz-request-arbitrary.ts';
import type { Hints } from './support/valid-value-arbitrary.ts';

/**
 * Malformed and hostile requests, made from each operation's schemas in the
 * server's OpenAPI document (so new endpoints are fuzzed as soon as they
 * exist), sent with the credentials the operation needs, so they get past
 * authentication and meet validation. Each request breaks exactly one thing.
 * Every answer must be a 4xx problem with a documented code, and the
 * database must not change.
 *
 * FUZZ_RUNS sets the requests per database (10,000 by default), split evenly
 * between the operations; FUZZ_SEED replays a run.
 */
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 10_000);
const SEED = Number(process.env['FUZZ_SEED'] ?? Math.floor(Math.random() * 2 ** 31));

/**
 * Tables left out of the comparison, and why. No application table is: a
 * rejected request writes nothing, not even the sign-in and pairing
 * throttles, which count only well-formed attempts. The job table is
 * compared too (a request that enqueued a job would show there). These four
 * are pg-boss's own bookkeeping, which no request writes but its background
 * passes update on a timer, whatever the API does.
 */
const EXCLUDED_TABLES = new Map([
  ['pgboss.instance', "each pg-boss instance's heartbeat"],
  ['pgboss.version', 'the claims of the maintenance and monitoring passes (*_on stamps)'],
  ['pgboss.queue', "each queue's monitoring stamps and job counts"],
  ['pgboss.queue_stats', 'queue statistics, aggregated periodically'],
]);

for (const kind of testDatabaseKinds()) {
  describe(`fuzzed requests on ${kind}`, () => {
    // Every request comes from one address and one device: when the server
    // gets rate limits, raise them here, or the fuzz meets 429s, not validation.
    const ctx = useTestStack(kind, { workers: false });
    let staff: StaffFixture;
    let sessions: Map<string, string>;
    let spareDeviceId: string;

    beforeAll(async () => {
      staff = await createStaffFixture(ctx.test.database, ctx.fixture);
      sessions = new Map();
      for (const role of ['owner', 'manager', 'cashier'] as const) {
        sessions.set(role, await signInStaff(ctx.stack.url, staff[role]));
      }
      // Path parameters name this device, not the one whose token the fuzz uses.
      spareDeviceId = randomUUID();
      await upsertDevice(ctx.test.database, {
        id: spareDeviceId,
        eventId: ctx.fixture.eventId,
        locationId: ctx.fixture.locationId,
        name: 'Spare till',
      });
    });

    /** The credentials each operation needs, for the fixture's event. */
    const authorizationFor = (operation: ApiOperation): string | undefined => {
      const { security } = operation;
      switch (security.kind) {
        case 'public':
          return undefined;
        case 'device':
          return `Bearer ${ctx.fixture.deviceToken}`;
        case 'staff':
          return `Bearer ${sessions.get(security.role ?? 'cashier')!}`;
        default: {
          const unknown: never = security;
          throw new Error(`unknown security ${JSON.stringify(unknown)}`);
        }
      }
    };

    it(`answers ${RUNS} malformed requests with documented 4xx problems and changes no row`, async () => {
      const operations = listApiOperations(ctx.stack.app);
      const runsEach = Math.ceil(RUNS / operations.length);
      console.log(
        `fuzz on ${kind}: seed ${SEED} (FUZZ_SEED=${SEED} replays it), ` +
          `${runsEach} requests to each of ${operations.length} operations`,
      );
      const hints = ownIds(ctx.fixture, spareDeviceId);
      const started = performance.now();
      for (const [index, operation] of operations.entries()) {
        const before = await snapshotDatabase(ctx.test.database, EXCLUDED_TABLES);
        const statuses = new Map<string, number>();
        const operationStarted = performance.now();
        await fc
          .assert(
            fc.asyncProperty(
              fuzzRequests(operation, { authorization: authorizationFor(operation), hints }),
              async (request) => {
                const answer = await send(request);
                const faults = answer.status >= 400 && answer.status < 500 ? [] : ['not a 4xx'];
                faults.push(...problemFaults(answer));
                if (faults.length > 0) {
                  throw new Error(
                    `${answer.status} ${answer.body.slice(0, 500)}: ${faults.join('; ')}`,
                  );
                }
                const code = (JSON.parse(answer.body) as { code: string }).code;
                statuses.set(code, (statuses.get(code) ?? 0) + 1);
              },
            ),
            { seed: SEED + index, numRuns: runsEach },
          )
          .catch((error: unknown) => {
            throw new Error(`${operation.id}: ${(error as Error).message}`, { cause: error });
          });
        const after = await snapshotDatabase(ctx.test.database, EXCLUDED_TABLES);
        expect(changedTables(before, after), `${operation.id} changed rows`).toEqual([]);
        console.log(
          `  ${operation.id}: ${runsEach} in ${Math.round(performance.now() - operationStarted)} ms`,
          Object.fromEntries(statuses),
        );
      }
      console.log(
        `fuzz on ${kind}: ${runsEach * operations.length} requests in ` +
          `${Math.round(performance.now() - started)} ms, 0 answers 5xx or undocumented, 0 rows changed`,
      );
    }, 600_000);

    const send = async (request: FuzzRequest) => {
      const response = await ctx.stack.app.inject({
        method: request.method,
        url: request.url,
        headers: request.headers,
        ...(request.payload === undefined ? {} : { payload: request.payload }),
      });
      return {
        status: response.statusCode,
        contentType: String(response.headers['content-type'] ?? ''),
        body: response.body,
      };
    };
  });
}

/** Values of the caller's own event, for properties and parameters of these names. */
function ownIds(fixture: EventFixture, spareDeviceId: string): Hints {
  return {
    organisationId: fc.constant(fixture.organisationId),
    eventId: fc.constant(fixture.eventId),
    deviceId: fc.constant(spareDeviceId),
    locationId: fc.constant(fixture.locationId),
    categoryId: fc.constant(fixture.categoryId),
    productId: fc.constantFrom(...fixture.products.map((product) => product.id)),
    attendeeId: fc.constantFrom(...fixture.attendees.map((attendee) => attendee.id)),
    wristbandUid: fc.constantFrom(...fixture.attendees.map((attendee) => attendee.wristbandUid)),
    currency: fc.constant(fixture.currency),
    orderId: fc.uuid(),
    idempotencyKey: fc.uuid(),
    'idempotency-key': fc.uuid(),
  };
}
