import type { SqlClient } from '@tabline/database';
import type { StoredResult } from './stored-result.ts';

export interface StoredIdempotencyKey {
  readonly key: string;
  readonly hash: string;
  readonly result: StoredResult;
}

export async function findIdempotencyKeys(
  tx: SqlClient,
  deviceId: string,
  keys: readonly string[],
): Promise<Map<string, StoredIdempotencyKey>> {
  if (keys.length === 0) return new Map();
  const { rows } = await tx.query<StoredIdempotencyKey>(
    `select key, encode(request_hash, 'hex') as hash, result
     from idempotency_keys where device_id = $1 and key = any($2::uuid[])`,
    [deviceId, keys],
  );
  return new Map(rows.map((row) => [row.key, row]));
}
