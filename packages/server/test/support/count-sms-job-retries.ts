import type { SqlClient } from '@tabline/database';

/**
 * Send jobs the job queue ran again because one threw or outlived its
 * expiry (not the sender's own put-offs, which are new jobs), and those it
 * dead-lettered: a figure for the reports of the SMS chaos tests.
 */
export async function countSmsJobRetries(db: SqlClient) {
  const { rows } = await db.query<{ retried: number; deadLettered: number }>(
    `select count(*) filter (where name = 'send-sms' and retry_count > 0)::int8 as retried,
            count(*) filter (where name = 'send-sms-dead')::int8 as "deadLettered"
     from pgboss.job`,
  );
  return rows[0]!;
}
