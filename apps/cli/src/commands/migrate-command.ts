import { migrate, openDatabase } from '@tabline/database';
import { readConfig } from '../config.ts';
import { createLogger } from '../create-logger.ts';

/** `tabline migrate`: bring the database schema up to date, then exit. */
export async function migrateCommand() {
  const config = readConfig();
  const database = await openDatabase(config.database, createLogger(config.logLevel));
  try {
    const report = await migrate(database);
    console.log(
      report.applied.length === 0
        ? `Schema is up to date (version ${report.current}).`
        : `Applied ${report.applied.join(', ')}; schema is at version ${report.current}.`,
    );
  } finally {
    await database.close();
  }
}
