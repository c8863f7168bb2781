/**
 * What a simulated POS device and the simulator share: the device's
 * configuration, its history (what it told its user, Jepsen style) and its
 * status file. Each device keeps them in its own directory beside its
 * SQLite store.
 *
 * The history is appended synchronously, one JSON line per event, before
 * and after each `placeOrder()`: an `invoke` before the call, then `ok`
 * (the order was acknowledged to staff) or `fail`. A device killed between
 * the call and its `ok` line leaves an invoke with no outcome: that order
 * may or may not exist, and the checker counts it as indeterminate. Written
 * with `appendFileSync`, a line survives a SIGKILL of the device (the OS
 * holds it), which is all the simulator kills.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SimDeviceConfig {
  readonly index: number;
  readonly dir: string;
  /** The API as this device reaches it: through its own fault proxy. */
  readonly baseUrl: string;
  readonly deviceToken: string;
  /** Orders this device places over all its lives. */
  readonly orders: number;
  readonly ordersPerSecond: number;
  readonly seed: number;
  readonly bands: readonly string[];
  /** A band reported lost: the device must refuse it. */
  readonly blockedBand: string;
  readonly productIds: readonly string[];
  /** Added to the device's clock (the server must cope with skewed devices). */
  readonly clockSkewMs: number;
  /** Fault injection: acknowledge orders before they are durable (see the engine's `faults`). */
  readonly deferCommitMs: number | null;
}

export type SimHistoryLine =
  | {
      readonly t: 'life';
      readonly life: number;
      readonly outcome: string;
      readonly salvaged: number;
      readonly problems: number;
    }
  | { readonly t: 'invoke'; readonly n: number }
  | { readonly t: 'ok'; readonly n: number; readonly id: string; readonly totalCents: number }
  | { readonly t: 'fail'; readonly n: number; readonly code: string };

export interface SimDeviceStatus {
  readonly life: number;
  /** Orders attempted so far (invokes), over all lives. */
  readonly attempted: number;
  readonly backlog: number;
  readonly rejectedCount: number;
  /** The first VIEW_ROWS_MAX of them. */
  readonly rejected: readonly { readonly orderId: string | null; readonly code: string }[];
  readonly lastError: string | null;
  /** True once every order was attempted. */
  readonly done: boolean;
  readonly at: number;
}

export const historyFile = (dir: string) => join(dir, 'history.ndjson');
export const statusFile = (dir: string) => join(dir, 'status.json');
export const storeFile = (dir: string) => join(dir, 'pos.db');
export const configFile = (dir: string) => join(dir, 'device.json');

/** Every intact line of a device's history (a kill can cut the last one short). */
export function readHistory(dir: string): SimHistoryLine[] {
  const file = historyFile(dir);
  if (!existsSync(file)) return [];
  const lines: SimHistoryLine[] = [];
  for (const text of readFileSync(file, 'utf8').split('\n')) {
    if (text === '') continue;
    try {
      lines.push(JSON.parse(text) as SimHistoryLine);
    } catch {
      // a line cut by a kill: its event did not complete
    }
  }
  return lines;
}

export function readStatus(dir: string): SimDeviceStatus | null {
  try {
    return JSON.parse(readFileSync(statusFile(dir), 'utf8')) as SimDeviceStatus;
  } catch {
    return null;
  }
}

/** Replaces the status file atomically: a reader never sees half of it. */
export function writeStatus(dir: string, status: SimDeviceStatus): void {
  const partial = `${statusFile(dir)}.partial`;
  writeFileSync(partial, JSON.stringify(status));
  renameSync(partial, statusFile(dir));
}
