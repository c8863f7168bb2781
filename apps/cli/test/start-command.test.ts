import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTabline } from './support/tabline-process.ts';

const TABLINE_BIN = fileURLToPath(new URL('../bin/tabline.js', import.meta.url));

/**
 * `npm start` as a newcomer runs it: the whole system on the embedded PGlite
 * with the fake SMS provider, then the terminal POS from other processes.
 */
describe('tabline start', () => {
  let dataDir: string;
  let child: ChildProcess;
  let banner = '';
  const env = () => ({
    TABLINE_DATA_DIR: dataDir,
    DATABASE_URL: '',
    PORT: '0',
    FAKE_SMS_PORT: '0',
  });

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tabline-start-'));
    child = spawn(process.execPath, [TABLINE_BIN, 'start'], {
      env: { ...process.env, ...env() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = once(child, 'exit').then(() => {
      throw new Error(`tabline start exited:\n${banner}`);
    });
    child.stderr!.on('data', (chunk: Buffer) => (banner += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => (banner += chunk.toString()));
    while (!banner.includes('Ctrl-C stops')) {
      await Promise.race([once(child.stdout!, 'data'), exited]);
    }
    exited.catch(() => {}); // from here on, afterAll stops it
  });
  afterAll(async () => {
    if (child.exitCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dataDir, { recursive: true, force: true });
  });

  it('serves the API and a text reaches the fake inbox for an order from the terminal POS', async () => {
    const api = /API\s+(http:\/\/\S+)/.exec(banner)![1]!;
    const inbox = /Fake SMS inbox\s+(http:\/\/\S+)/.exec(banner)![1]!;
    expect((await fetch(`${api}/healthz`)).status).toBe(200);
    expect((await fetch(`${api}/openapi.json`)).status).toBe(200);

    expect(await runTabline(['pos', 'pull'], env())).toMatch(/menu updated: 10 product/);
    // Food: no happy hour or beer offer applies, whatever the time of day.
    expect(await runTabline(['pos', 'order', 'TL0003', 'burger:2', 'fries'], env())).toMatch(
      /2x Burger, 1x Fries = \$30\.00/,
    );
    expect(await runTabline(['pos', 'sync'], env())).toMatch(
      /1 accepted, 0 rejected; 0 still queued/,
    );

    // The fake's inbox answers once one message is there (or after 30 s).
    const messages = (await (await fetch(`${inbox}?count=1&waitMs=30000`)).json()) as {
      body: string;
    }[];
    expect(messages[0]!.body).toMatch(/2x Burger, 1x Fries = \$30\.00\. Your tab: \$30\.00/);
  });

  it('prints a demo owner who can sign in to the staff API with the printed password', async () => {
    const api = /API\s+(http:\/\/\S+)/.exec(banner)![1]!;
    const [, email, password] = /Staff sign-in\s+(\S+) \/ (\S+)/.exec(banner)!;
    const response = await fetch(`${api}/v1/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ user: { organisationRole: 'owner' } });
  });

  it('refuses an order for an unknown product with a clear message and stores nothing', async () => {
    const output = await runTabline(['pos', 'order', 'TL0003', 'champagne'], env());
    expect(output).toMatch(/Nothing on the menu called "champagne"/);
    expect(await runTabline(['pos', 'queue'], env())).toMatch(/queue is empty/);
  });
});
