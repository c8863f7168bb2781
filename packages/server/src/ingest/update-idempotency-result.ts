import type { SqlClient } from '@tabline/database';
import type { StoredResult } from './stored-result.ts';

/** Replaces the stored outcome of a key claimed in this same transaction. */
export async function updateIdempotencyResult(
  tx: SqlClient,
  deviceId: string,
  key: string,
  result: StoredResult,
) {
  await tx.query('update idempotency_keys set result = $3 where device_id = $1 and key = $2', [
    deviceId,
    key,
    JSON.stringify(result),
  ]);
}
