/**
 * The fault schedule of a simulation, drawn from its seed before anything
 * starts: the same seed gives the same plan (what happens to which process
 * and when), so a failing run is replayed by its seed. Real processes keep
 * their own timing, so a replay repeats the faults, not every interleaving.
 *
 * Faults are spread over the order phase (the time the devices take to
 * place their orders at the offered rate), in proportion to its length:
 * the rates below give, for 5,000 orders at 25 a second (200 s), 25 device
 * kills (half of them while the device is offline, about 3 with a corrupted
 * database), 4 server kills, 3
 * partitions, 5 latency and 2 bandwidth windows, one storm of database
 * connection resets, and SMS faults one after the other: the provider
 * hanging each request 120 s, down, answering 429, answering 500, and
 * accepting texts then dropping the answer. Throughout, 6% of the devices'
 * responses are lost on the way back, and some devices' clocks are skewed.
 */
import { createSeededRandom } from '@tabline/domain';
import type { Random } from '@tabline/domain';
import type { FakeSmsMode } from '@tabline/testkit';

/** How a device's store is damaged while the device is down. */
export const CORRUPTIONS = ['flip-page-bytes', 'truncate-wal', 'delete-wal'] as const;
export type Corruption = (typeof CORRUPTIONS)[number];

export type SimFault =
  | {
      readonly kind: 'device-kill';
      readonly device: number;
      /**
       * Cut off this long before the kill (0: not at all): its battery dies
       * while it is offline, the moment its backlog exists on it alone.
       */
      readonly offlineFirstMs: number;
      readonly downMs: number;
      readonly corruption: Corruption | null;
    }
  | { readonly kind: 'server-kill'; readonly process: 'api' | 'workers'; readonly downMs: number }
  | { readonly kind: 'db-reset-storm'; readonly durationMs: number }
  | { readonly kind: 'partition'; readonly device: number; readonly durationMs: number }
  | {
      readonly kind: 'latency';
      readonly device: number;
      readonly latencyMs: number;
      readonly durationMs: number;
    }
  | {
      readonly kind: 'bandwidth';
      readonly device: number;
      readonly bytesPerSecond: number;
      readonly durationMs: number;
    }
  | {
      readonly kind: 'sms';
      readonly mode: FakeSmsMode;
      readonly hangMs: number;
      readonly durationMs: number;
    };

export interface PlannedFault {
  readonly atMs: number;
  readonly fault: SimFault;
}

export interface SimPlan {
  /** The order phase's expected length: orders ÷ offered rate. */
  readonly orderPhaseMs: number;
  readonly faults: readonly PlannedFault[];
  readonly clockSkewMs: readonly number[];
  readonly dropResponseProbability: number;
}

export interface PlanInput {
  readonly seed: number;
  readonly devices: number;
  readonly orders: number;
  readonly ordersPerSecond: number;
  readonly chaos: boolean;
  /** PGlite runs in the server's process: no separate workers, no database connections to reset. */
  readonly database: 'postgres' | 'pglite';
}

/** Mean time between faults of each kind, over the order phase. */
const DEVICE_KILL_EVERY_MS = 8_000;
const SERVER_KILL_EVERY_MS = 50_000;
const PARTITION_EVERY_MS = 60_000;
const LATENCY_EVERY_MS = 40_000;
const BANDWIDTH_EVERY_MS = 80_000;
/** The share of device kills that come while the device is offline. */
const OFFLINE_KILL_SHARE = 0.5;
/** One kill in this many damages the device's store before it restarts. */
const CORRUPT_ONE_IN = 8;
/**
 * Lost responses on the devices' links while chaos is on: the issue asks for
 * 5% of pushes; drawn at 6%, a run of a few thousand responses loses at
 * least 5% (at 5%, seed 1 of the 20-device run lost 4.6%).
 */
export const DROP_RESPONSE_PROBABILITY = 0.06;
/** A device's clock is skewed with this chance, by up to this much either way. */
const SKEW_CHANCE = 0.3;
const SKEW_MS_MAX = 120_000;
/** The provider's hang: each request is held this long (then answered 500). */
export const SMS_HANG_MS = 120_000;
/** The SMS faults, each once, in a seeded order. */
const SMS_FAULTS: readonly FakeSmsMode[] = [
  'hang',
  'down',
  'rate-limit',
  'error',
  'accept-then-drop',
];

export function planSimulation(input: PlanInput): SimPlan {
  const random = createSeededRandom(input.seed);
  const orderPhaseMs = Math.round((input.orders / input.ordersPerSecond) * 1000);
  if (!input.chaos) {
    return {
      orderPhaseMs,
      faults: [],
      clockSkewMs: Array.from({ length: input.devices }, () => 0),
      dropResponseProbability: 0,
    };
  }
  const faults: PlannedFault[] = [];
  /** A moment in the middle 90% of the order phase. */
  const at = () => Math.round(orderPhaseMs * (0.05 + 0.85 * random.next()));
  const device = () => Math.floor(random.next() * input.devices);
  const count = (everyMs: number) => Math.max(1, Math.round(orderPhaseMs / everyMs));

  const deviceKills = Math.max(2, count(DEVICE_KILL_EVERY_MS));
  for (let i = 0; i < deviceKills; i++) {
    faults.push({
      atMs: at(),
      fault: {
        kind: 'device-kill',
        device: device(),
        offlineFirstMs: random.next() < OFFLINE_KILL_SHARE ? between(random, 1_000, 3_000) : 0,
        downMs: between(random, 200, 3_000),
        // The first kill always corrupts, so every chaos run has one.
        corruption:
          i === 0 || random.next() * CORRUPT_ONE_IN < 1
            ? CORRUPTIONS[Math.floor(random.next() * CORRUPTIONS.length)]!
            : null,
      },
    });
  }
  const serverKills = count(SERVER_KILL_EVERY_MS);
  for (let i = 0; i < serverKills; i++) {
    faults.push({
      atMs: at(),
      fault: {
        kind: 'server-kill',
        process: input.database === 'pglite' || i % 2 === 0 ? 'api' : 'workers',
        downMs: between(random, 500, 3_000),
      },
    });
  }
  if (input.database === 'postgres') {
    faults.push({ atMs: at(), fault: { kind: 'db-reset-storm', durationMs: 3_000 } });
  }
  for (let i = 0; i < count(PARTITION_EVERY_MS); i++) {
    const durationMs = between(random, 5_000, 20_000);
    faults.push({ atMs: at(), fault: { kind: 'partition', device: device(), durationMs } });
  }
  for (let i = 0; i < count(LATENCY_EVERY_MS); i++) {
    faults.push({
      atMs: at(),
      fault: {
        kind: 'latency',
        device: device(),
        latencyMs: between(random, 100, 800),
        durationMs: between(random, 5_000, 15_000),
      },
    });
  }
  for (let i = 0; i < count(BANDWIDTH_EVERY_MS); i++) {
    faults.push({
      atMs: at(),
      fault: {
        kind: 'bandwidth',
        device: device(),
        bytesPerSecond: between(random, 2_000, 20_000),
        durationMs: between(random, 5_000, 15_000),
      },
    });
  }
  faults.push(...planSmsFaults(random, orderPhaseMs));
  faults.sort((a, b) => a.atMs - b.atMs);
  return {
    orderPhaseMs,
    faults,
    clockSkewMs: Array.from({ length: input.devices }, () =>
      random.next() < SKEW_CHANCE ? between(random, -SKEW_MS_MAX, SKEW_MS_MAX) : 0,
    ),
    dropResponseProbability: DROP_RESPONSE_PROBABILITY,
  };
}

/**
 * The provider has one mode at a time, so its faults take turns: shuffled,
 * laid end to end with gaps. The hang lasts a third of the phase (at most
 * two minutes, at least ten seconds); the others a twentieth (3 to 15 s).
 */
function planSmsFaults(random: Random, orderPhaseMs: number): PlannedFault[] {
  const modes = [...SMS_FAULTS];
  for (let i = modes.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    [modes[i], modes[j]] = [modes[j]!, modes[i]!];
  }
  const durations = modes.map((mode) =>
    mode === 'hang'
      ? clamp(orderPhaseMs / 3, 10_000, 120_000)
      : clamp(orderPhaseMs / 20, 3_000, 15_000),
  );
  const busyMs = durations.reduce((sum, d) => sum + d, 0);
  const gapMs = Math.max(0, (orderPhaseMs * 0.9 - busyMs) / (modes.length + 1));
  const faults: PlannedFault[] = [];
  let atMs = orderPhaseMs * 0.05;
  for (const [i, mode] of modes.entries()) {
    atMs += gapMs * random.next() * 2;
    const durationMs = Math.round(durations[i]!);
    faults.push({
      atMs: Math.round(atMs),
      fault: { kind: 'sms', mode, hangMs: mode === 'hang' ? SMS_HANG_MS : 0, durationMs },
    });
    atMs += durationMs;
  }
  return faults;
}

function between(random: Random, min: number, max: number): number {
  return Math.round(min + random.next() * (max - min));
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
