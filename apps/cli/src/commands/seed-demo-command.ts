import { migrate, openDatabase } from '@tabline/database';
import type { Database } from '@tabline/database';
import { randomBytes } from 'node:crypto';
import { cryptoRandom, systemClock } from '@tabline/domain';
import { DEMO, seedDemo } from '@tabline/server';
import type { SeedDemoResult } from '@tabline/server';
import { readConfig } from '../config.ts';
import type { Config } from '../config.ts';
import { createLogger } from '../create-logger.ts';
import { readDemoCredentials, writeDemoCredentials } from '../demo-credentials.ts';

/**
 * `tabline seed-demo`: seed the demo event (idempotently). The last line of
 * output is one JSON object with the demo `eventId`, `deviceId` and a
 * `deviceToken`. On the embedded PGlite, run it while the server is stopped:
 * PGlite's data folder belongs to one process at a time.
 */
export async function seedDemoCommand() {
  const config = readConfig();
  const database = await openDatabase(config.database, createLogger(config.logLevel));
  try {
    await migrate(database);
    const result = await seedDemoAndSave(database, config, null);
    console.log(`Seeded the demo event; credentials saved in ${config.dataDir}/demo.json.`);
    console.log(
      JSON.stringify({
        eventId: result.eventId,
        deviceId: result.deviceId,
        deviceToken: result.deviceToken,
      }),
    );
  } finally {
    await database.close();
  }
}

/** Seeds, reusing the saved demo token while it is live, and saves the result. */
export async function seedDemoAndSave(
  database: Database,
  config: Config,
  apiUrl: string | null,
): Promise<SeedDemoResult & { ownerPassword: string }> {
  const saved = await readDemoCredentials(config.dataDir);
  // Made once per data folder, never a password written in the code.
  const ownerPassword = saved?.ownerPassword ?? randomBytes(12).toString('base64url');
  const result = await seedDemo(database, {
    clock: systemClock,
    random: cryptoRandom,
    previousToken: saved?.deviceToken,
    ownerPassword,
    resetOwnerPassword: saved?.ownerPassword === undefined,
  });
  await writeDemoCredentials(config.dataDir, {
    apiUrl: apiUrl ?? saved?.apiUrl ?? null,
    eventId: result.eventId,
    deviceId: result.deviceId,
    deviceToken: result.deviceToken,
    ownerEmail: DEMO.owner.email,
    ownerPassword,
  });
  return { ...result, ownerPassword };
}
