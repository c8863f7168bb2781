import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { systemClock } from '@tabline/domain';
import { createHttpSyncTransport } from '@tabline/pos';
import type { PosEngine } from '@tabline/pos';
import { openNodePosEngine } from '@tabline/pos/node';
import { ConfigError, readConfig } from '../config.ts';
import { readDemoCredentials } from '../demo-credentials.ts';
import { POS_HELP, runPosCommand } from '../terminal-pos/run-pos-command.ts';

/**
 * `tabline pos [command]`: a POS in the terminal, on the real POS engine and
 * a real SQLite file. Without a command it is interactive, and syncs in the
 * background after each order; with one (`tabline pos order TL0001 lager`),
 * it runs it and exits. The server and token default to what `npm start`
 * saved in the data folder.
 */
export async function posCommand(argv: readonly string[]) {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { server: { type: 'string' }, token: { type: 'string' }, db: { type: 'string' } },
  });
  const interactively = positionals.length === 0;
  const engine = await openEngine(values, interactively);
  try {
    if (!interactively) {
      const result = await runPosCommand(engine, positionals, systemClock);
      if (result.output) console.log(result.output);
      return;
    }
    await interactive(engine);
  } finally {
    engine.close();
  }
}

/**
 * Interactive, the engine runs its own sync loop (pushes after each order,
 * heartbeats, backoff); a single command leaves syncing to the `sync` command.
 */
async function openEngine(
  options: { server?: string; token?: string; db?: string },
  autoSync: boolean,
) {
  const config = readConfig();
  const saved = await readDemoCredentials(config.dataDir);
  const baseUrl = options.server ?? saved?.apiUrl ?? `http://127.0.0.1:${config.port}`;
  const deviceToken = options.token ?? saved?.deviceToken;
  if (deviceToken === undefined) {
    throw new ConfigError('No device token: run npm start (it saves one), or pass --token.');
  }
  const file = options.db ?? join(config.dataDir, 'pos.db');
  await mkdir(dirname(file), { recursive: true });
  return openNodePosEngine(file, {
    transport: createHttpSyncTransport({ baseUrl, deviceToken }),
    autoSync,
  });
}

async function interactive(engine: PosEngine) {
  console.log('Tabline terminal POS. Type help for the commands.');
  if (!engine.deviceInfo()) {
    const first = await runPosCommand(engine, ['pull'], systemClock);
    console.log(first.output);
  }
  // Made after the first pull: lines typed (or piped) meanwhile wait in stdin.
  const terminal = createInterface({
    input: process.stdin,
    output: process.stdout,
    prompt: 'pos> ',
  });
  let open = true;
  terminal.on('close', () => (open = false));
  const unsubscribe = reportSyncChanges(engine);
  terminal.prompt();
  try {
    // Lines, not question(): piped input (a script of commands) keeps every line.
    for await (const line of terminal) {
      const result = await runPosCommand(
        engine,
        line.trim().split(/\s+/).filter(Boolean),
        systemClock,
      );
      if (result.quit) return;
      if (result.output) console.log(result.output);
      if (open) terminal.prompt();
    }
  } finally {
    unsubscribe();
    terminal.close();
  }
}

/** Says when the POS loses or regains the server, once each, not every attempt. */
function reportSyncChanges(engine: PosEngine) {
  let outOfReach = false;
  return engine.subscribe((event) => {
    if (event.type !== 'state-changed') return;
    const { backlogCount } = engine.status();
    const trouble =
      event.state === 'backoff' || event.state === 'offline' || event.state === 'held';
    if (trouble && !outOfReach) {
      outOfReach = true;
      console.log(`\n(server out of reach: ${backlogCount} order(s) queued, retrying on its own)`);
    } else if (event.state === 'idle' && outOfReach && backlogCount === 0) {
      outOfReach = false;
      console.log('\n(back in touch: every order delivered)');
    }
  });
}

export { POS_HELP };
