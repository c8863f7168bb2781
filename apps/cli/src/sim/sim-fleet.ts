/**
 * The simulated POS devices: one process each (sim-device-main.ts) behind a
 * fault proxy of its own, so one device can be cut off, slowed or have its
 * responses lost while the others carry on. A device can be SIGKILLed,
 * have its store damaged while it is down (as a failing flash card or a
 * half-written file would), and be started again.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import {
  closeSync,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  rmSync,
  truncateSync,
} from 'node:fs';
import { readSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createSeededRandom } from '@tabline/domain';
import type { Random } from '@tabline/domain';
import { startFaultProxy } from '@tabline/testkit';
import type { FaultProxy } from '@tabline/testkit';
import { COMPILE_CACHE_DIR, killOnExit, stopChild } from '../child/tabline-child.ts';
import type { SimDeviceConfig } from './sim-device-files.ts';
import { configFile, storeFile } from './sim-device-files.ts';
import type { Corruption } from './sim-plan.ts';

const DEVICE_MAIN = fileURLToPath(new URL('./sim-device-main.ts', import.meta.url));
/** Kept of each device's stderr, to explain a crash. */
const STDERR_CHARS_MAX = 4_000;
/** SQLite's default page size, which the POS store keeps. */
const PAGE_BYTES = 4_096;

export interface SimDevice {
  readonly index: number;
  readonly config: SimDeviceConfig;
  readonly proxy: FaultProxy;
}

/** A device process that exited without being told to: a bug, reported. */
export interface DeviceCrash {
  readonly device: number;
  readonly code: number | null;
  readonly signal: string | null;
  readonly stderr: string;
}

export interface SimFleet {
  readonly devices: readonly SimDevice[];
  start(index: number): void;
  kill(index: number): Promise<void>;
  isUp(index: number): boolean;
  /** Damages a stopped device's store; false if it has none yet. */
  corrupt(index: number, corruption: Corruption, random: Random): boolean;
  crashes(): readonly DeviceCrash[];
  /** SIGTERM to every device (each writes its last status and closes its store). */
  stop(): Promise<void>;
  closeProxies(): Promise<void>;
}

export async function startSimFleet(
  configs: readonly Omit<SimDeviceConfig, 'baseUrl'>[],
  api: { readonly port: number },
  seed: number,
): Promise<SimFleet> {
  const devices: SimDevice[] = [];
  for (const partial of configs) {
    const proxy = await startFaultProxy({
      target: { host: '127.0.0.1', port: api.port },
      random: createSeededRandom((seed * 31 + partial.index) >>> 0),
    });
    const config = { ...partial, baseUrl: `http://${proxy.host}:${proxy.port}` };
    mkdirSync(config.dir, { recursive: true });
    writeFileSync(configFile(config.dir), JSON.stringify(config));
    devices.push({ index: config.index, config, proxy });
  }
  const children = new Map<number, ChildProcess>();
  const stopping = new Set<number>();
  const crashes: DeviceCrash[] = [];

  const isUp = (index: number) => {
    const child = children.get(index);
    return !!child && child.exitCode === null && child.signalCode === null;
  };
  return {
    devices,
    isUp,
    start(index) {
      if (isUp(index)) return;
      const { config } = devices[index]!;
      const child = spawn(process.execPath, [DEVICE_MAIN, configFile(config.dir)], {
        env: { ...process.env, NODE_COMPILE_CACHE: COMPILE_CACHE_DIR },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => {
        stderr = (stderr + chunk.toString()).slice(-STDERR_CHARS_MAX);
      });
      child.once('exit', (code, signal) => {
        if (stopping.has(index)) return;
        if (code === 0) return; // placed its orders and was told to stop, or finished
        crashes.push({ device: index, code, signal, stderr });
      });
      killOnExit(child);
      children.set(index, child);
    },
    async kill(index) {
      const child = children.get(index);
      if (!child) return;
      stopping.add(index);
      await stopChild(child, 'SIGKILL');
      stopping.delete(index);
    },
    corrupt(index, corruption, random) {
      const file = storeFile(devices[index]!.config.dir);
      if (!existsSync(file)) return false;
      corruptStore(file, corruption, random);
      return true;
    },
    crashes: () => crashes,
    async stop() {
      await Promise.all(
        devices.map(async ({ index }) => {
          const child = children.get(index);
          if (!child) return;
          stopping.add(index);
          await stopChild(child, 'SIGTERM');
        }),
      );
    },
    async closeProxies() {
      await Promise.all(devices.map((device) => device.proxy.close()));
    },
  };
}

/**
 * Damages a stopped device's store: flips bytes in one of its pages (the
 * database file, or the WAL if it has frames), cuts the WAL in the middle,
 * or deletes it. The engine must notice at open, quarantine what it found
 * and rebuild from what it can trust, the journal included.
 */
export function corruptStore(path: string, corruption: Corruption, random: Random): void {
  const wal = `${path}-wal`;
  if (corruption === 'delete-wal') {
    if (existsSync(wal)) rmSync(wal);
    return;
  }
  if (corruption === 'truncate-wal') {
    if (existsSync(wal)) truncateSync(wal, Math.floor(statSync(wal).size / 2));
    return;
  }
  const target = existsSync(wal) && statSync(wal).size > PAGE_BYTES ? wal : path;
  const fd = openSync(target, 'r+');
  try {
    const size = fstatSync(fd).size;
    const pages = Math.max(1, Math.floor(size / PAGE_BYTES));
    const page = Math.floor(random.next() * pages);
    for (let i = 0; i < 16; i++) {
      const offset = Math.min(size - 1, page * PAGE_BYTES + Math.floor(random.next() * PAGE_BYTES));
      const byte = Buffer.alloc(1);
      readSync(fd, byte, 0, 1, offset);
      byte[0] = byte[0]! ^ 0xff;
      writeSync(fd, byte, 0, 1, offset);
    }
  } finally {
    closeSync(fd);
  }
}
