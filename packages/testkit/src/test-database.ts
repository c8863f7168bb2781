import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite, types } from '@electric-sql/pglite';
import pg from 'pg';
import { PgBoss, fromPglite } from 'pg-boss';
import {
  loadMigrations,
  migrate,
  openPostgresDatabase,
  parseInt8,
  pgliteDatabase,
} from '@tabline/database';
import type { Database, DatabaseKind } from '@tabline/database';

/**
 * Fresh, migrated databases for tests, fast enough to give every test file
 * its own. PostgreSQL tests clone a template database that holds the
 * migrated schema and pg-boss's tables (CREATE DATABASE … TEMPLATE, as
 * graphile-worker's tests do); PGlite tests load a data-dir image made once
 * and cached on disk, instead of paying PGlite's initdb every time.
 *
 * The suite always runs on PGlite. It also runs on PostgreSQL when
 * TEST_DATABASE_URL names a server whose user may create databases;
 * `.ci/run` sets it to the local server.
 */
export interface TestDatabase {
  readonly database: Database;
  /** Connection string of this test's database (PostgreSQL only). */
  readonly url: string | undefined;
  /** Where a child process can open the same database (PGlite: a data dir). */
  readonly kind: DatabaseKind;
  dispose(): Promise<void>;
}

export function testDatabaseKinds(): DatabaseKind[] {
  return process.env['TEST_DATABASE_URL'] ? ['pglite', 'postgres'] : ['pglite'];
}

export interface TestDatabaseOptions {
  /** PostgreSQL: a server and a user who may create databases (default: TEST_DATABASE_URL). */
  readonly adminUrl?: string;
  /**
   * PGlite: keep its files in this new directory, on disk, as the embedded
   * default does (`npm start`), instead of in memory.
   */
  readonly pgliteDataDir?: string;
}

/** A fresh, migrated database. */
export async function createTestDatabase(
  kind: DatabaseKind,
  options: TestDatabaseOptions = {},
): Promise<TestDatabase> {
  if (kind === 'pglite') return createPgliteTestDatabase(options.pgliteDataDir);
  const adminUrl = options.adminUrl ?? process.env['TEST_DATABASE_URL'];
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
  return createPostgresTestDatabase(adminUrl);
}

async function schemaVersion(): Promise<string> {
  const migrations = await loadMigrations();
  const hash = createHash('sha256');
  for (const migration of migrations) hash.update(migration.checksum);
  return hash.digest('hex').slice(0, 12);
}

// --- PGlite -----------------------------------------------------------------

let pgliteImage: Promise<Blob> | undefined;

async function createPgliteTestDatabase(dataDir: string | undefined): Promise<TestDatabase> {
  pgliteImage ??= loadOrMakePgliteImage();
  const options = { loadDataDir: await pgliteImage, parsers: { [types.INT8]: parseInt8 } };
  const pglite = await (dataDir === undefined
    ? PGlite.create(options)
    : PGlite.create(dataDir, options));
  const database = await pgliteDatabase(pglite);
  return { database, url: undefined, kind: 'pglite', dispose: () => database.close() };
}

async function loadOrMakePgliteImage(): Promise<Blob> {
  const dir = join(tmpdir(), 'tabline-test-images');
  const file = join(dir, `pglite-${await schemaVersion()}.tar`);
  try {
    return new Blob([await readFile(file)]);
  } catch {
    const image = await makePgliteImage();
    await mkdir(dir, { recursive: true });
    const partial = `${file}.${process.pid}.partial`;
    await writeFile(partial, Buffer.from(await image.arrayBuffer()));
    await rename(partial, file); // atomic: concurrent test files never read half an image
    return image;
  }
}

async function makePgliteImage(): Promise<Blob> {
  const pglite = await PGlite.create('memory://');
  await migrate(await pgliteDatabase(pglite));
  await installJobSchema(
    new PgBoss({ db: fromPglite(pglite), backend: 'pglite', supervise: false }),
  );
  const image = await pglite.dumpDataDir('none');
  await pglite.close();
  return image;
}

async function installJobSchema(boss: PgBoss) {
  boss.on('error', () => {});
  await boss.start();
  await boss.stop({ graceful: false });
}

// --- PostgreSQL -------------------------------------------------------------

const TEMPLATE_LOCK_KEY = 7_301_002;

async function createPostgresTestDatabase(adminUrl: string): Promise<TestDatabase> {
  const template = `tabline_template_${await schemaVersion()}`;
  const name = `tabline_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdmin(adminUrl, async (admin) => {
    await admin.query('select pg_advisory_lock($1)', [TEMPLATE_LOCK_KEY]);
    try {
      const found = await admin.query('select 1 from pg_database where datname = $1', [template]);
      if (found.rowCount === 0) await makePostgresTemplate(admin, adminUrl, template);
      await admin.query(`create database ${name} template ${template}`);
    } finally {
      await admin.query('select pg_advisory_unlock($1)', [TEMPLATE_LOCK_KEY]);
    }
  });
  const url = withDatabase(adminUrl, name);
  const database = openPostgresDatabase(url, { poolMax: 5 });
  return {
    database,
    url,
    kind: 'postgres',
    dispose: async () => {
      await database.close();
      await withAdmin(adminUrl, (admin) =>
        admin.query(`drop database if exists ${name} with (force)`),
      );
    },
  };
}

async function makePostgresTemplate(admin: pg.Client, adminUrl: string, template: string) {
  const building = `${template}_building`;
  await admin.query(`drop database if exists ${building} with (force)`);
  await admin.query(`create database ${building}`);
  const url = withDatabase(adminUrl, building);
  const database = openPostgresDatabase(url, { poolMax: 2 });
  try {
    await migrate(database);
  } finally {
    await database.close();
  }
  await installJobSchema(new PgBoss({ connectionString: url, supervise: false, max: 2 }));
  // Renamed only when complete, so a crash never leaves a half-built template.
  await admin.query(`alter database ${building} rename to ${template}`);
}

async function withAdmin<T>(url: string, fn: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.end();
  }
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
