/**
 * Model test: random interleavings of placing orders, voiding and refunding
 * them with a manager's PIN, syncing, the network going down, coming up,
 * turning slow or losing a response after the server committed, the POS
 * crashing and restarting, and the server refusing an order or an adjustment,
 * against a real server through a fault-injecting proxy. After each step the
 * engine's status must equal the model's (backlog, money at risk, rejected
 * items) and each void or refund must be refused or taken as the model
 * says; at the end the server must hold exactly the orders placed but
 * refused, in device order, and exactly the voids and refunds not refused,
 * with what each took back.
 *
 * fast-check prints the seed and the shrunk command list of a failure;
 * replay with TEST_SEED=<seed>.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '@tabline/domain';
import { setPinAndUnlock } from '@tabline/testkit/adjust-order-item';
import { createEventFixture } from '@tabline/testkit/event-fixture';
import { createStaffFixture, signInStaff } from '@tabline/testkit/staff-fixture';
import type { EventFixture } from '@tabline/testkit/event-fixture';
import type { FaultProxy } from '@tabline/testkit';
import type { TestDatabase } from '@tabline/testkit/test-database';
import { createHttpSyncTransport } from '../src/index.ts';
import type { PosEngine } from '../src/index.ts';
import { openNodePosEngine } from '../src/node/index.ts';
import { poisoningTransport } from './support/poisoning-transport.ts';
import { useStackBehindProxy } from './support/stack-behind-proxy.ts';
import { useTempDir } from './support/temp-dir.ts';

const SEED = Number(process.env['TEST_SEED'] ?? 20261124);
const RUNS = 100;
const COMMANDS_MAX = 30;

/** The PIN the fixture event's manager sets, to approve voids and refunds. */
const MANAGER_PIN = '4821';

/** The fixture event's offline spending limit per band (the server's default). */
const OFFLINE_LIMIT_CENTS = 15_000;

interface ModelOrder {
  readonly id: string;
  readonly band: string;
  readonly totalCents: number;
  readonly poisoned: boolean;
  /** What its refunds queued or accepted take back, as the POS counts it (refused ones count nothing). */
  refundedCents: number;
  /** A void of it is queued or accepted. */
  voided: boolean;
  /** The server refused it, and the POS has heard so. */
  refusedKnown: boolean;
}

interface ModelAdjustment {
  readonly id: string;
  readonly order: ModelOrder;
  readonly kind: 'void' | 'refund';
  readonly amountCents: number | null;
  /** The server will refuse it: its approval altered on the way, or its order refused. */
  readonly refused: boolean;
}

type ModelItem =
  | { readonly kind: 'order'; readonly order: ModelOrder }
  | { readonly kind: 'adjustment'; readonly adjustment: ModelAdjustment };

interface Model {
  /** Every order placed, in device order, and whether the server will refuse it. */
  readonly placed: ModelOrder[];
  /** Every void and refund queued, in device order. */
  readonly adjusted: ModelAdjustment[];
  /** Work items the POS has not had an answer for, in seq order. */
  queued: ModelItem[];
  rejected: number;
  network: 'up' | 'down' | 'slow';
  /** The next response will be lost after the server committed the request. */
  loseNext: boolean;
}

interface Real {
  engine: PosEngine;
  readonly reopen: () => void;
  readonly poisoned: Set<string>;
  readonly proxy: FaultProxy;
  readonly fixture: EventFixture;
  readonly managerId: string;
}

type Command = fc.AsyncCommand<Model, Real>;

const willBeRefused = (item: ModelItem) =>
  item.kind === 'order' ? item.order.poisoned : item.adjustment.refused;

/** Sale money at risk: the queued orders' totals; voids and refunds carry none. */
const expectStatusToMatch = (model: Model, real: Real) => {
  expect(real.engine.status()).toMatchObject({
    backlogCount: model.queued.length,
    amountAtRiskCents: model.queued.reduce(
      (sum, item) => sum + (item.kind === 'order' ? item.order.totalCents : 0),
      0,
    ),
    rejectedCount: model.rejected,
  });
};

class PlaceOrder implements Command {
  readonly band: number;
  readonly quantity: number;
  readonly poison: boolean;
  constructor(band: number, quantity: number, poison: boolean) {
    this.band = band;
    this.quantity = quantity;
    this.poison = poison;
  }
  check = () => true;
  async run(model: Model, real: Real) {
    const band = real.fixture.attendees[this.band % real.fixture.attendees.length]!.wristbandUid;
    const product = real.fixture.products[0]!;
    const totalCents = product.priceCents * this.quantity;
    const unconfirmed = model.queued
      .flatMap((item) => (item.kind === 'order' && item.order.band === band ? [item.order] : []))
      .reduce((sum, order) => sum + order.totalCents, 0);
    const placed = real.engine.placeOrder({
      wristbandUid: band,
      items: [{ productId: product.id, quantity: this.quantity }],
    });
    if (unconfirmed + totalCents > OFFLINE_LIMIT_CENTS) {
      expect(placed).toMatchObject({ ok: false, error: { code: 'wristband.offline_limit' } });
    } else {
      if (!placed.ok) throw new Error(`placeOrder refused: ${placed.error.message}`);
      expect(placed.value.totalCents).toBe(totalCents);
      if (this.poison) real.poisoned.add(placed.value.id);
      const order: ModelOrder = {
        id: placed.value.id,
        band,
        totalCents,
        poisoned: this.poison,
        refundedCents: 0,
        voided: false,
        refusedKnown: false,
      };
      model.placed.push(order);
      model.queued.push({ kind: 'order', order });
    }
    expectStatusToMatch(model, real);
    return Promise.resolve();
  }
  toString = () => `place(${this.band}, ${this.quantity}${this.poison ? ', poison' : ''})`;
}

/** A void or a refund of one of the orders placed, approved with the manager's PIN. */
class AdjustOrder implements Command {
  readonly pick: number;
  readonly kind: 'void' | 'refund';
  readonly amountPick: number;
  readonly poison: boolean;
  constructor(pick: number, kind: 'void' | 'refund', amountPick: number, poison: boolean) {
    this.pick = pick;
    this.kind = kind;
    this.amountPick = amountPick;
    this.poison = poison;
  }
  check = (model: Readonly<Model>) => model.placed.length > 0;
  async run(model: Model, real: Real) {
    const order = model.placed[this.pick % model.placed.length]!;
    const amountCents = this.kind === 'refund' ? 1 + (this.amountPick % order.totalCents) : null;
    const placed = await real.engine.adjustOrder({
      orderId: order.id,
      reason: 'Model',
      approver: { staffUserId: real.managerId, pin: MANAGER_PIN },
      ...(amountCents === null ? { kind: 'void' } : { kind: 'refund', amountCents }),
    });
    const expected = order.refusedKnown
      ? 'adjustment.order_unknown'
      : order.voided
        ? 'adjustment.order_voided'
        : amountCents !== null && amountCents > order.totalCents - order.refundedCents
          ? 'adjustment.exceeds_order'
          : null;
    if (expected !== null) {
      expect(placed).toMatchObject({ ok: false, error: { code: expected } });
    } else {
      if (!placed.ok) throw new Error(`adjustOrder refused: ${placed.error.message}`);
      if (this.poison) real.poisoned.add(placed.value.id);
      const adjustment: ModelAdjustment = {
        id: placed.value.id,
        order,
        kind: this.kind,
        amountCents,
        refused: this.poison || order.poisoned,
      };
      if (amountCents === null) order.voided = true;
      else order.refundedCents += amountCents;
      model.adjusted.push(adjustment);
      model.queued.push({ kind: 'adjustment', adjustment });
    }
    expectStatusToMatch(model, real);
  }
  toString = () =>
    `${this.kind}(${this.pick}${this.kind === 'refund' ? `, ${this.amountPick}` : ''}${this.poison ? ', poison' : ''})`;
}

/** The server answered: what it refused is known to the POS, and a refused adjustment took nothing back. */
function settleRefused(item: ModelItem): void {
  if (item.kind === 'order') {
    item.order.refusedKnown = true;
    return;
  }
  const { adjustment } = item;
  if (adjustment.amountCents === null) adjustment.order.voided = false;
  else adjustment.order.refundedCents -= adjustment.amountCents;
}

class Sync implements Command {
  check = () => true;
  async run(model: Model, real: Real) {
    const report = await real.engine.sync();
    if (model.network === 'down') {
      expect(report.error?.kind).toBe('network');
    } else if (model.loseNext) {
      model.loseNext = false;
      expect(report.error?.kind).toBe('network');
    } else {
      expect(report.error, JSON.stringify(report.error)).toBeNull();
      expect(report.accepted).toBe(model.queued.filter((item) => !willBeRefused(item)).length);
      expect(report.rejected).toBe(model.queued.filter(willBeRefused).length);
      model.rejected += report.rejected;
      for (const item of model.queued.filter(willBeRefused)) settleRefused(item);
      model.queued = [];
    }
    expectStatusToMatch(model, real);
  }
  toString = () => 'sync';
}

class SetNetwork implements Command {
  readonly network: Model['network'];
  constructor(network: Model['network']) {
    this.network = network;
  }
  check = () => true;
  async run(model: Model, real: Real) {
    model.network = this.network;
    real.proxy.setFaults({
      refuse: this.network === 'down',
      latencyMs: this.network === 'slow' ? 25 : 0,
    });
    // Keep-alive connections would outlive the change; a real outage cuts them.
    if (this.network === 'down') real.proxy.resetAll();
    return Promise.resolve();
  }
  toString = () => `network ${this.network}`;
}

class LoseNextResponse implements Command {
  check = (model: Readonly<Model>) => model.network !== 'down' && !model.loseNext;
  async run(model: Model, real: Real) {
    model.loseNext = true;
    real.proxy.setFaults({ dropResponses: 1 });
    return Promise.resolve();
  }
  toString = () => 'lose next response';
}

class CrashAndRestart implements Command {
  check = () => true;
  async run(model: Model, real: Real) {
    real.reopen();
    expectStatusToMatch(model, real);
    const local = new Set(real.engine.recentOrders(500).map((order) => order.id));
    for (const order of model.placed) expect(local.has(order.id)).toBe(true);
    return Promise.resolve();
  }
  toString = () => 'crash and restart';
}

/** Listed twice among the commands, so voids and refunds come up about as often as orders. */
const adjustOrder = fc
  .tuple(
    fc.nat(),
    fc.constantFrom('void' as const, 'refund' as const),
    fc.nat(),
    fc.nat({ max: 9 }),
  )
  .map(([pick, kind, amount, roll]) => new AdjustOrder(pick, kind, amount, roll === 0));

const commands = [
  fc
    .tuple(fc.nat({ max: 39 }), fc.integer({ min: 1, max: 5 }), fc.boolean())
    .map(([band, quantity, poison]) => new PlaceOrder(band, quantity, poison && band % 7 === 0)),
  adjustOrder,
  adjustOrder,
  fc.constant(new Sync()),
  fc.constantFrom<Model['network']>('up', 'down', 'slow').map((network) => new SetNetwork(network)),
  fc.constant(new LoseNextResponse()),
  fc.constant(new CrashAndRestart()),
];

describe(`the sync engine against a model (seed ${SEED})`, () => {
  const tempDir = useTempDir();
  const server = useStackBehindProxy();

  it('ends with exactly the orders placed on the server, in device order, and exact status figures', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: COMMANDS_MAX }), async (script) => {
        server.proxy.setFaults({ refuse: false, latencyMs: 0, dropResponses: 0 });
        const fixture = await createEventFixture(server.test.database, { attendees: 40 });
        const staff = await createStaffFixture(server.test.database, fixture);
        await setPinAndUnlock(server.stack.url, {
          sessionToken: await signInStaff(server.stack.url, staff.manager),
          deviceToken: fixture.deviceToken,
          staffUserId: staff.manager.id,
          pin: MANAGER_PIN,
        });
        const dir = join(tempDir(), `run-${run++}`);
        mkdirSync(dir);
        const path = join(dir, 'pos.db');
        const poisoned = new Set<string>();
        const open = () =>
          openNodePosEngine(path, {
            transport: poisoningTransport(
              createHttpSyncTransport({
                baseUrl: `http://127.0.0.1:${server.proxy.port}`,
                deviceToken: fixture.deviceToken,
                timeoutMs: 2_000,
                fetch: freshConnectionFetch,
              }),
              poisoned,
            ),
            random: createSeededRandom(run),
          });
        const real: Real = {
          engine: open(),
          reopen: () => {
            real.engine.close();
            real.engine = open();
          },
          poisoned,
          proxy: server.proxy,
          fixture,
          managerId: staff.manager.id,
        };
        try {
          expect((await real.engine.pull()).error).toBeNull();
          const model: Model = {
            placed: [],
            adjusted: [],
            queued: [],
            rejected: 0,
            network: 'up',
            loseNext: false,
          };
          await fc.asyncModelRun(() => ({ model, real }), script);
          await healAndCheckServer(model, real, server.test);
        } finally {
          real.engine.close();
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  }, 600_000);
});

/**
 * Each request on a new connection: a pooled keep-alive connection that the
 * proxy cut during a simulated outage would otherwise fail the first request
 * after it, making the model's "network up" inexact. (The engine retries such
 * a failure like any other; the model wants each step exact.)
 */
const freshConnectionFetch: typeof fetch = (input, init) =>
  fetch(input, {
    ...init,
    headers: { ...(init?.headers as Record<string, string>), connection: 'close' },
  });

async function healAndCheckServer(model: Model, real: Real, test: TestDatabase) {
  real.proxy.setFaults({ refuse: false, latencyMs: 0, dropResponses: 0 });
  const report = await real.engine.sync();
  expect(report.error, JSON.stringify(report.error)).toBeNull();
  expect(report.remaining).toBe(0);
  expect(real.engine.status()).toMatchObject({
    backlogCount: 0,
    amountAtRiskCents: 0,
    rejectedCount:
      model.placed.filter((order) => order.poisoned).length +
      model.adjusted.filter((adjustment) => adjustment.refused).length,
  });
  const { rows } = await test.database.query<{ id: string }>(
    'select id from orders where device_id = $1 order by device_seq',
    [real.fixture.deviceId],
  );
  expect(rows.map((row) => row.id)).toEqual(
    model.placed.filter((order) => !order.poisoned).map((order) => order.id),
  );
  const adjustments = await test.database.query<{
    id: string;
    kind: string;
    amount: number;
  }>('select id, kind, amount_cents::int as amount from order_adjustments where device_id = $1', [
    real.fixture.deviceId,
  ]);
  const taken = model.adjusted.filter((adjustment) => !adjustment.refused);
  // A void takes what the refunds taken before it left: refunds after a void are refused.
  const refundedCents = (order: ModelOrder) =>
    taken
      .filter((adjustment) => adjustment.order === order)
      .reduce((sum, adjustment) => sum + (adjustment.amountCents ?? 0), 0);
  const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
  expect(adjustments.rows.sort(byId)).toEqual(
    taken
      .map((adjustment) => ({
        id: adjustment.id,
        kind: adjustment.kind,
        amount:
          adjustment.amountCents ?? adjustment.order.totalCents - refundedCents(adjustment.order),
      }))
      .sort(byId),
  );
}
