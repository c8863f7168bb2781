import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPgliteDatabase } from '@tabline/database';
import type { Database, DatabaseKind } from '@tabline/database';
import type { FakeSmsProvider } from '@tabline/testkit';
import { createTestDatabase } from '@tabline/testkit/test-database';

/**
 * A database for server child processes, and a way for the test to read it.
 * PGlite belongs to one process at a time: the test opens it only after the
 * server process has stopped. PostgreSQL is a fresh database from the
 * template.
 */
export interface ServerDatabase {
  /** Environment for `tabline` child processes. */
  readonly env: NodeJS.ProcessEnv;
  readonly dataDir: string;
  /** Opens the database in the test process (PGlite: stop the server first). */
  open(): Promise<Database>;
  dispose(): Promise<void>;
}

export async function createServerDatabase(kind: DatabaseKind): Promise<ServerDatabase> {
  const dataDir = await mkdtemp(join(tmpdir(), 'tabline-e2e-'));
  const opened: Database[] = [];
  if (kind === 'pglite') {
    return {
      env: { TABLINE_DATA_DIR: dataDir, DATABASE_URL: '' },
      dataDir,
      open: async () => {
        const database = await openPgliteDatabase(join(dataDir, 'pglite'));
        opened.push(database);
        return database;
      },
      dispose: async () => {
        for (const database of opened) await database.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  }
  const test = await createTestDatabase('postgres');
  return {
    env: { TABLINE_DATA_DIR: dataDir, DATABASE_URL: test.url! },
    dataDir,
    open: () => Promise.resolve(test.database),
    dispose: async () => {
      await test.dispose();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Environment for `tabline serve` on this database, sending texts to the fake. */
export function serverEnv(database: ServerDatabase, sms: FakeSmsProvider): NodeJS.ProcessEnv {
  return {
    ...database.env,
    TWILIO_BASE_URL: sms.url,
    TWILIO_ACCOUNT_SID: sms.accountSid,
    TWILIO_AUTH_TOKEN: sms.authToken,
    TWILIO_FROM: '+15550100999',
  };
}
