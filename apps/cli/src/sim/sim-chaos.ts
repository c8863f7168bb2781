/**
 * Carries out a simulation's fault plan against the running processes, on
 * the wall clock (the processes are real), and counts what it injected: a
 * fault whose target is already down (a device killed twice over) is
 * skipped and not counted. `heal()` ends every fault at once.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { createSeededRandom } from '@tabline/domain';
import { NO_FAULTS } from '@tabline/testkit';
import type { FakeSmsProvider } from '@tabline/testkit';
import type { SimFleet } from './sim-fleet.ts';
import type { PlannedFault, SimFault, SimPlan } from './sim-plan.ts';
import type { SimServers } from './sim-servers.ts';

/** During a storm, every open database connection is reset this often. */
const STORM_RESET_EVERY_MS = 250;
/** A server that fails to start again (its port not yet free) is retried this often. */
const RESTART_RETRY_MS = 500;
const RESTART_ATTEMPTS_MAX = 20;

export interface InjectedFaults {
  deviceKills: number;
  /** Kills that came while the device was cut off. */
  offlineKills: number;
  corruptions: number;
  serverKills: number;
  apiKills: number;
  workerKills: number;
  dbResetStorms: number;
  dbConnectionsReset: number;
  partitions: number;
  latencyWindows: number;
  bandwidthWindows: number;
  smsFaults: Record<string, number>;
  /** Devices whose clock was skewed, and the largest skew. */
  skewedDevices: number;
  maxSkewMs: number;
  /** Faults that could not be carried out. */
  failures: string[];
}

export interface SimChaos {
  readonly injected: InjectedFaults;
  /** Runs the plan; resolves once every fault has ended. */
  run(startedAt: number): Promise<void>;
  /** Ends every fault now: links clean, provider healthy, every process up. */
  heal(): Promise<void>;
}

export function createSimChaos(
  plan: SimPlan,
  seed: number,
  parts: { fleet: SimFleet; servers: SimServers; sms: FakeSmsProvider },
  log: (message: string) => void,
): SimChaos {
  const { fleet, servers, sms } = parts;
  const random = createSeededRandom((seed ^ 0xc4a05) >>> 0);
  const injected: InjectedFaults = {
    deviceKills: 0,
    offlineKills: 0,
    corruptions: 0,
    serverKills: 0,
    apiKills: 0,
    workerKills: 0,
    dbResetStorms: 0,
    dbConnectionsReset: 0,
    partitions: 0,
    latencyWindows: 0,
    bandwidthWindows: 0,
    smsFaults: {},
    skewedDevices: plan.clockSkewMs.filter((skew) => skew !== 0).length,
    maxSkewMs: Math.max(0, ...plan.clockSkewMs.map(Math.abs)),
    failures: [],
  };
  let healed = false;

  const restartServer = async (role: 'api' | 'workers') => {
    for (let attempt = 1; ; attempt++) {
      try {
        await servers.restart(role);
        return;
      } catch (error) {
        if (attempt >= RESTART_ATTEMPTS_MAX) throw error;
        await sleep(RESTART_RETRY_MS);
      }
    }
  };

  async function inject(fault: SimFault): Promise<void> {
    switch (fault.kind) {
      case 'device-kill': {
        if (!fleet.isUp(fault.device)) return;
        const { proxy } = fleet.devices[fault.device]!;
        if (fault.offlineFirstMs > 0) {
          proxy.setFaults({ blackhole: true });
          proxy.resetAll();
          await sleep(fault.offlineFirstMs);
          if (healed) return;
          injected.offlineKills += 1;
        }
        await fleet.kill(fault.device);
        injected.deviceKills += 1;
        await sleep(fault.downMs);
        // Healed meanwhile: the device is running again, its store not to be touched.
        if (healed) return;
        // A device killed before it made its store has nothing to damage.
        if (fault.corruption !== null && fleet.corrupt(fault.device, fault.corruption, random)) {
          injected.corruptions += 1;
          log(`device ${fault.device + 1}: store damaged (${fault.corruption})`);
        }
        if (fault.offlineFirstMs > 0) proxy.setFaults({ blackhole: false });
        fleet.start(fault.device);
        return;
      }
      case 'server-kill': {
        if (!servers.isUp(fault.process)) return;
        await servers.kill(fault.process);
        injected.serverKills += 1;
        if (fault.process === 'api') injected.apiKills += 1;
        else injected.workerKills += 1;
        log(`server: ${fault.process} killed`);
        await sleep(fault.downMs);
        await restartServer(fault.process);
        return;
      }
      case 'db-reset-storm': {
        const proxy = servers.databaseProxy;
        if (!proxy) return;
        injected.dbResetStorms += 1;
        log('database: connection reset storm');
        const endAt = Date.now() + fault.durationMs;
        while (Date.now() < endAt && !healed) {
          injected.dbConnectionsReset += proxy.resetAll();
          await sleep(STORM_RESET_EVERY_MS);
        }
        return;
      }
      case 'partition': {
        const { proxy } = fleet.devices[fault.device]!;
        injected.partitions += 1;
        proxy.setFaults({ blackhole: true });
        proxy.resetAll();
        await sleep(fault.durationMs);
        if (healed) return;
        proxy.setFaults({ blackhole: false });
        proxy.resetAll();
        return;
      }
      case 'latency': {
        const { proxy } = fleet.devices[fault.device]!;
        injected.latencyWindows += 1;
        proxy.setFaults({ latencyMs: fault.latencyMs });
        await sleep(fault.durationMs);
        if (!healed) proxy.setFaults({ latencyMs: 0 });
        return;
      }
      case 'bandwidth': {
        const { proxy } = fleet.devices[fault.device]!;
        injected.bandwidthWindows += 1;
        proxy.setFaults({ bytesPerSecond: fault.bytesPerSecond });
        await sleep(fault.durationMs);
        if (!healed) proxy.setFaults({ bytesPerSecond: null });
        return;
      }
      case 'sms': {
        injected.smsFaults[fault.mode] = (injected.smsFaults[fault.mode] ?? 0) + 1;
        log(`sms provider: ${fault.mode} for ${Math.round(fault.durationMs / 1000)} s`);
        sms.setSwitches({ mode: fault.mode, hangMs: fault.hangMs });
        await sleep(fault.durationMs);
        if (!healed) sms.setSwitches({ mode: 'ok', hangMs: 0 });
        return;
      }
    }
  }

  return {
    injected,
    async run(startedAt) {
      for (const device of fleet.devices) {
        device.proxy.setFaults({ dropResponseProbability: plan.dropResponseProbability });
      }
      const running: Promise<void>[] = [];
      for (const planned of plan.faults) {
        await sleep(Math.max(0, startedAt + planned.atMs - Date.now()));
        if (healed) break;
        running.push(
          inject(planned.fault).catch((error: unknown) => reportFailure(planned, error)),
        );
      }
      await Promise.all(running);
    },
    async heal() {
      healed = true;
      for (const device of fleet.devices) {
        device.proxy.setFaults(NO_FAULTS);
        device.proxy.resetAll();
      }
      sms.setSwitches({ mode: 'ok', hangMs: 0 });
      await restartServer('api');
      await restartServer('workers');
      for (const device of fleet.devices) fleet.start(device.index);
    },
  };

  /**
   * A fault that could not be carried out (a server that would not start
   * again) is a failed run, reported, not a crash that would leave the
   * processes behind.
   */
  function reportFailure(planned: PlannedFault, error: unknown) {
    const message = `${planned.fault.kind} at ${planned.atMs} ms: ${String(error)}`;
    injected.failures.push(message);
    log(`fault ${message}`);
  }
}
