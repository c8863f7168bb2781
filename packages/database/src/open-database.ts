import type { Logger } from '@tabline/domain';
import type { Database } from './database.ts';
import { openPgliteDatabase } from './pglite-database.ts';
import { openPostgresDatabase } from './postgres-database.ts';

export type DatabaseLocation =
  | { readonly kind: 'postgres'; readonly url: string; readonly poolMax?: number }
  | { readonly kind: 'pglite'; readonly dataDir: string };

/** Opens PostgreSQL when a URL is configured, else the embedded PGlite. */
export async function openDatabase(location: DatabaseLocation, logger: Logger): Promise<Database> {
  if (location.kind === 'pglite') return openPgliteDatabase(location.dataDir);
  return openPostgresDatabase(location.url, {
    ...(location.poolMax === undefined ? {} : { poolMax: location.poolMax }),
    onIdleError: (error) => logger.warn({ err: error }, 'idle database connection failed'),
  });
}
