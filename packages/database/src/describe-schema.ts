import type { SqlClient } from './database.ts';

/**
 * A plain-text description of the `public` schema: tables with their columns,
 * constraints, indexes and triggers, then sequences and functions, each list
 * sorted. The test suite compares it with the committed `schema.sql`, so a
 * migration that changes something unexpected is caught in review.
 */
export async function describeSchema(db: SqlClient): Promise<string> {
  const lines: string[] = [];
  const tables = await names(
    db,
    `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind = 'r' and c.relname <> 'schema_migrations'`,
  );
  for (const table of tables) lines.push(...(await describeTable(db, table)), '');
  const sequences = await names(
    db,
    `select sequence_name as name from information_schema.sequences where sequence_schema = 'public'`,
  );
  lines.push(...sequences.map((name) => `sequence ${name}`), '');
  const functions = await db.query<{ def: string }>(
    `select pg_get_functiondef(p.oid) as def from pg_proc p
     join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public' order by p.proname`,
  );
  lines.push(...functions.rows.map((row) => row.def.trim()));
  return lines.join('\n').trim() + '\n';
}

async function describeTable(db: SqlClient, table: string): Promise<string[]> {
  const columns = await db.query<{ line: string }>(
    `select a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
        || case when a.attnotnull then ' not null' else '' end
        || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')
        || case when a.attidentity = 'a' then ' generated always as identity' else '' end as line
     from pg_attribute a
     left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
     where a.attrelid = $1::regclass and a.attnum > 0 and not a.attisdropped
     order by a.attnum`,
    [table],
  );
  const constraints = await lines(
    db,
    `select conname || ' ' || pg_get_constraintdef(oid) as line from pg_constraint
     where conrelid = $1::regclass and contype <> 'n'`,
    table,
  );
  const indexes = await lines(
    db,
    `select pg_get_indexdef(indexrelid) as line from pg_index where indrelid = $1::regclass`,
    table,
  );
  const triggers = await lines(
    db,
    `select pg_get_triggerdef(oid) as line from pg_trigger
     where tgrelid = $1::regclass and not tgisinternal`,
    table,
  );
  return [
    `table ${table}`,
    ...columns.rows.map((row) => `  column ${row.line}`),
    ...constraints.map((line) => `  constraint ${line}`),
    ...indexes.map((line) => `  ${line}`),
    ...triggers.map((line) => `  ${line}`),
  ];
}

async function names(db: SqlClient, sql: string): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(sql);
  return rows.map((row) => row.name).sort();
}

async function lines(db: SqlClient, sql: string, table: string): Promise<string[]> {
  const { rows } = await db.query<{ line: string }>(sql, [table]);
  return rows.map((row) => row.line).sort();
}
