import type { SqlClient } from '@tabline/database';

export interface ExistingOrder {
  readonly id: string;
  readonly eventId: string;
  readonly deviceId: string;
  readonly receivedAt: Date;
  readonly flags: string[];
}

export async function findOrders(tx: SqlClient, ids: readonly string[]) {
  if (ids.length === 0) return new Map<string, ExistingOrder>();
  const { rows } = await tx.query<ExistingOrder>(
    `select id, event_id as "eventId", device_id as "deviceId", received_at as "receivedAt", flags
     from orders where id = any($1::uuid[])`,
    [ids],
  );
  return new Map(rows.map((row) => [row.id, row]));
}
