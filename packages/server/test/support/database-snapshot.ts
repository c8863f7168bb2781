import type { SqlClient } from '@tabline/database';

/** Each table's row count and a hash of its contents, by `schema.table`. */
export type DatabaseSnapshot = ReadonlyMap<
  string,
  { readonly rows: number; readonly hash: string }
>;

/**
 * Every table of the application (`public`) and of the job queue (`pgboss`),
 * hashed row by row, except those in `excluded` (each with the reason, which
 * the caller must give). Partitions are read through their parent table.
 */
export async function snapshotDatabase(
  db: SqlClient,
  excluded: ReadonlyMap<string, string> = new Map(),
): Promise<DatabaseSnapshot> {
  const { rows: tables } = await db.query<{ name: string }>(
    `select n.nspname || '.' || c.relname as name
     from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname in ('public', 'pgboss') and c.relkind in ('r', 'p') and not c.relispartition
     order by 1`,
  );
  const snapshot = new Map<string, { rows: number; hash: string }>();
  for (const { name } of tables) {
    if (excluded.has(name)) continue;
    const { rows } = await db.query<{ rows: number; hash: string }>(
      `select count(*)::int as rows, md5(coalesce(string_agg(t::text, ',' order by t::text), '')) as hash
       from ${name} t`,
    );
    snapshot.set(name, rows[0]!);
  }
  return snapshot;
}

/** The tables whose rows differ between two snapshots, with their row counts. */
export function changedTables(before: DatabaseSnapshot, after: DatabaseSnapshot): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names]
    .filter((name) => before.get(name)?.hash !== after.get(name)?.hash)
    .map((name) => `${name} (${before.get(name)?.rows ?? 0} → ${after.get(name)?.rows ?? 0} rows)`);
}
