import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { createHttpSyncTransport } from '@tabline/pos';
import type { PosEngine, PosEngineOptions } from '@tabline/pos';
import { openNodePosEngine } from '@tabline/pos/node';
import type { WebStackContext } from './use-web-stack.ts';

export interface TestPos {
  readonly engine: PosEngine;
  /** Places a one-line order of the menu's product `productName`, and returns its id. */
  order(wristbandUid: string, productName: string, quantity?: number): string;
  close(): void;
}

/**
 * A real POS engine in Node, in a temp folder, syncing over HTTP with the
 * web stack as the device `deviceToken`, with the menu pulled: what a
 * tablet at the bar runs, without its screen.
 */
export async function openTestPos(
  web: WebStackContext,
  deviceToken: string,
  options: Pick<PosEngineOptions, 'pushItemsMax' | 'pushBatchesPerSyncMax'> = {},
): Promise<TestPos> {
  const dir = mkdtempSync(join(tmpdir(), 'tabline-test-pos-'));
  const engine = openNodePosEngine(join(dir, 'pos.db'), {
    ...options,
    transport: createHttpSyncTransport({ baseUrl: web.stack.url, deviceToken }),
  });
  expect((await engine.pull()).error).toBeNull();
  const products = engine.menu().categories.flatMap((category) => category.products);
  return {
    engine,
    order(wristbandUid, productName, quantity = 1) {
      const product = products.find((candidate) => candidate.name === productName);
      if (!product) throw new Error(`no ${productName} on the menu`);
      const placed = engine.placeOrder({
        wristbandUid,
        items: [{ productId: product.id, quantity }],
      });
      if (!placed.ok) throw new Error(`order refused: ${placed.error.message}`);
      return placed.value.id;
    },
    close() {
      engine.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Makes a pairing code through the API and pairs a new device with it; returns its token. */
export async function pairTestDevice(
  web: WebStackContext,
  sessionToken: string,
  device: { name: string; locationId: string | null },
): Promise<string> {
  const made = await fetch(`${web.stack.url}/v1/events/${web.demo.eventId}/pairing-codes`, {
    method: 'POST',
    headers: { authorization: `Bearer ${sessionToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ deviceName: device.name, locationId: device.locationId }),
  });
  expect(made.status).toBe(201);
  const { code } = (await made.json()) as { code: string };
  return pairWithCode(web, code);
}

/** Pairs a device with a code, as the POS app does; returns its token. */
export async function pairWithCode(web: WebStackContext, code: string): Promise<string> {
  const paired = await fetch(`${web.stack.url}/v1/devices/pair`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  expect(paired.status).toBe(201);
  return ((await paired.json()) as { token: string }).token;
}
