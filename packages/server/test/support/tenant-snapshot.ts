import type { SqlClient } from '@tabline/database';

/**
 * A hash of every row of the application that belongs to one event (and of
 * its organisation's own rows), table by table: rows are tied to the event
 * through the first of these columns a table has. Tables tied to no tenant
 * (the auth throttle, the migrations) are hashed whole.
 */
const TIES: readonly (readonly [column: string, predicate: string])[] = [
  ['event_id', 'event_id = $1'],
  ['device_id', 'device_id in (select id from devices where event_id = $1)'],
  ['order_id', 'order_id in (select id from orders where event_id = $1)'],
  ['tab_id', 'tab_id in (select id from tabs where event_id = $1)'],
  ['attendee_id', 'attendee_id in (select id from attendees where event_id = $1)'],
  [
    'user_id',
    `user_id in (select user_id from staff_event_roles where event_id = $1
                 union select id from staff_users where organisation_id = $2
                   and organisation_role is not null)`,
  ],
  ['organisation_id', 'organisation_id = $2'],
];

const OWN_ROWS: Readonly<Record<string, string>> = {
  events: 'id = $1',
  organisations: 'id = $2',
};

export async function snapshotTenant(
  db: SqlClient,
  tenant: { eventId: string; organisationId: string },
): Promise<Map<string, string>> {
  const { rows: columns } = await db.query<{ table: string; column: string }>(
    `select c.table_name as "table", c.column_name as "column"
     from information_schema.columns c
     join information_schema.tables t using (table_schema, table_name)
     where c.table_schema = 'public' and t.table_type = 'BASE TABLE'`,
  );
  const byTable = new Map<string, Set<string>>();
  for (const { table, column } of columns) {
    byTable.set(table, (byTable.get(table) ?? new Set()).add(column));
  }
  const snapshot = new Map<string, string>();
  for (const [table, names] of [...byTable].sort(([a], [b]) => a.localeCompare(b))) {
    const predicate = OWN_ROWS[table] ?? TIES.find(([column]) => names.has(column))?.[1] ?? 'true';
    const { rows } = await db.query<{ rows: number; hash: string }>(
      `select count(*)::int as rows,
              md5(coalesce(string_agg(t::text, ',' order by t::text), '')) as hash
       from ${table} t where ${predicate} and $1::uuid is not null and $2::uuid is not null`,
      [tenant.eventId, tenant.organisationId],
    );
    snapshot.set(table, `${rows[0]!.rows} rows, ${rows[0]!.hash}`);
  }
  return snapshot;
}
