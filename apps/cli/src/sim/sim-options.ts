/**
 * The options of `tabline sim`, with their defaults and limits, and the
 * parsing of its command line.
 */
import { parseArgs } from 'node:util';
import { readIntegerFlag } from '../read-integer-flag.ts';

export interface SimOptions {
  readonly seed: number;
  readonly devices: number;
  /** Orders placed over the whole fleet. */
  readonly orders: number;
  /** Orders a second offered by the whole fleet. */
  readonly ordersPerSecond: number;
  readonly chaos: boolean;
  readonly database: 'postgres' | 'pglite';
  /** A PostgreSQL server and a user who may create databases: each run gets its own. */
  readonly adminUrl: string;
  /** How long the system may take to go quiet once the faults are healed. */
  readonly quiesceSeconds: number;
  /** Keep the run's database and files, for a post-mortem. */
  readonly keep: boolean;
  readonly faults: SimFaultSettings;
  /** Runs one after the other, on seeds seed, seed + 1, …: a sweep. */
  readonly runs: number;
}

/** Bugs put in on purpose, to show the checkers catch them. */
export interface SimFaultSettings {
  /** The server stores a re-delivered push again (TABLINE_FAULT_SKIP_IDEMPOTENCY). */
  readonly skipIdempotency: boolean;
  /** Devices acknowledge orders this long before they are durable; null: never. */
  readonly posDeferCommitMs: number | null;
}

export const SIM_DEVICES_MAX = 100;
export const SIM_ORDERS_MAX = 1_000_000;
export const SIM_RATE_MAX = 1_000;
export const SIM_RUNS_MAX = 1_000;

export const SIM_DEFAULTS = {
  devices: 5,
  orders: 500,
  ordersPerSecond: 25,
  quiesceSeconds: 300,
} as const;

export const SIM_USAGE = `  sim                   Run an event on real processes under faults and check nothing was lost
    --devices <n>       POS device processes (${SIM_DEFAULTS.devices})
    --orders <n>        orders over the fleet (${SIM_DEFAULTS.orders})
    --rate <n>          orders a second over the fleet (${SIM_DEFAULTS.ordersPerSecond})
    --chaos             inject faults: kills, partitions, lost responses, SMS outages…
    --seed <n>          replay a run (random by default; printed)
    --runs <n>          run n seeds one after the other, from --seed (1)
    --pglite            the server on embedded PGlite (default: PostgreSQL, SIM_DATABASE_URL)
    --quiesce-seconds <n>  how long the healed system may take to go quiet (${SIM_DEFAULTS.quiesceSeconds})
    --keep              keep the run's database and files
    --fault-skip-idempotency      server bug on purpose: re-delivered pushes stored again
    --fault-pos-defer-commit-ms <n>  POS bug on purpose: orders acknowledged before durable`;

export function parseSimArgs(args: readonly string[], env: NodeJS.ProcessEnv): SimOptions {
  const { values } = parseArgs({
    args: [...args],
    options: {
      devices: { type: 'string' },
      orders: { type: 'string' },
      rate: { type: 'string' },
      chaos: { type: 'boolean' },
      seed: { type: 'string' },
      pglite: { type: 'boolean' },
      'quiesce-seconds': { type: 'string' },
      keep: { type: 'boolean' },
      runs: { type: 'string' },
      'fault-skip-idempotency': { type: 'boolean' },
      'fault-pos-defer-commit-ms': { type: 'string' },
    },
  });
  const int = (name: string, value: string | undefined, fallback: number, max: number, min = 1) =>
    readIntegerFlag(name, value, fallback, max, min);
  const seed =
    values.seed === undefined
      ? Math.floor(Math.random() * 2 ** 31)
      : int('seed', values.seed, 0, 2 ** 31 - 1, 0);
  const deferCommit = values['fault-pos-defer-commit-ms'];
  return {
    seed,
    devices: int('devices', values.devices, SIM_DEFAULTS.devices, SIM_DEVICES_MAX),
    orders: int('orders', values.orders, SIM_DEFAULTS.orders, SIM_ORDERS_MAX),
    ordersPerSecond: int('rate', values.rate, SIM_DEFAULTS.ordersPerSecond, SIM_RATE_MAX),
    chaos: values.chaos ?? false,
    database: values.pglite ? 'pglite' : 'postgres',
    adminUrl:
      env['SIM_DATABASE_URL'] ??
      env['TEST_DATABASE_URL'] ??
      'postgres://postgres@127.0.0.1:5432/test',
    quiesceSeconds: int(
      'quiesce-seconds',
      values['quiesce-seconds'],
      SIM_DEFAULTS.quiesceSeconds,
      3_600,
    ),
    keep: values.keep ?? false,
    runs: int('runs', values.runs, 1, SIM_RUNS_MAX),
    faults: {
      skipIdempotency: values['fault-skip-idempotency'] ?? false,
      posDeferCommitMs:
        deferCommit === undefined ? null : int('fault-pos-defer-commit-ms', deferCommit, 0, 60_000),
    },
  };
}

/** The command line that replays a run. */
export function replayCommand(options: SimOptions): string {
  const parts = [
    'npm run sim --',
    `--devices ${options.devices}`,
    `--orders ${options.orders}`,
    `--rate ${options.ordersPerSecond}`,
    ...(options.chaos ? ['--chaos'] : []),
    ...(options.database === 'pglite' ? ['--pglite'] : []),
    ...(options.faults.skipIdempotency ? ['--fault-skip-idempotency'] : []),
    ...(options.faults.posDeferCommitMs === null
      ? []
      : [`--fault-pos-defer-commit-ms ${options.faults.posDeferCommitMs}`]),
    `--seed ${options.seed}`,
  ];
  return parts.join(' ');
}
