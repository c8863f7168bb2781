import type { SqlClient } from '@tabline/database';
import type { StoredResult } from './stored-result.ts';

export interface NewIdempotencyKey {
  readonly key: string;
  readonly hash: string;
  readonly result: StoredResult;
}

/**
 * Claims keys for this device and returns those that were new. A key another
 * transaction is inserting makes this one wait for it, then count as taken:
 * that is how two concurrent pushes of one item end with one effect. Keys are
 * inserted in sorted order so concurrent batches lock in the same order and
 * cannot deadlock.
 */
export async function insertIdempotencyKeys(
  tx: SqlClient,
  deviceId: string,
  keys: readonly NewIdempotencyKey[],
): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const { rows } = await tx.query<{ key: string }>(
    `insert into idempotency_keys (device_id, key, request_hash, result)
     select $1, k.key, decode(k.hash, 'hex'), k.result
     from jsonb_to_recordset($2::jsonb) as k(key uuid, hash text, result jsonb)
     order by k.key
     on conflict (device_id, key) do nothing
     returning key`,
    [deviceId, JSON.stringify(keys)],
  );
  return new Set(rows.map((row) => row.key));
}
