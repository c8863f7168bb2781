import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TABLINE_BIN } from '../src/child/tabline-child.ts';
import { POS_V8_FLAGS, posRelaunchArgs } from '../src/pos-v8-flags.ts';

describe("a POS process's V8 flags", () => {
  it('start the process again with them, keeping its own flags and arguments', () => {
    expect(
      posRelaunchArgs(['--inspect'], ['/usr/bin/node', '/app/bin/tabline.js', 'pos', 'queue']),
    ).toEqual([
      '/usr/bin/node',
      ...POS_V8_FLAGS,
      '--inspect',
      '/app/bin/tabline.js',
      'pos',
      'queue',
    ]);
  });

  it('leave a process that already runs with them as it is', () => {
    expect(posRelaunchArgs([...POS_V8_FLAGS], ['/usr/bin/node', 'tabline.js', 'pos'])).toBeNull();
  });

  let dir: string | null = null;
  afterEach(() => {
    if (dir !== null) rmSync(dir, { recursive: true, force: true });
    dir = null;
  });

  it('are what `tabline pos` runs with, in the same process', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tabline-pos-flags-'));
    // Nothing listens on port 9 (discard): the POS starts offline and waits at its prompt.
    const args = [
      'pos',
      '--server',
      'http://127.0.0.1:9',
      '--token',
      'demo',
      '--db',
      join(dir, 'pos.db'),
    ];
    const child = spawn(process.execPath, [TABLINE_BIN, ...args], {
      env: { ...process.env, TABLINE_DATA_DIR: dir },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    try {
      // The banner is printed by the process that replaced the first one.
      await once(child.stdout, 'data');
      const commandLine = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0');
      expect(commandLine).toEqual(expect.arrayContaining([...POS_V8_FLAGS, TABLINE_BIN, ...args]));
    } finally {
      child.stdin.end('quit\n');
      await once(child, 'exit');
    }
  });
});
