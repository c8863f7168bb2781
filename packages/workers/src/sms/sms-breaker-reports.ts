import type { SqlClient } from '@tabline/database';
import type { Logger } from '@tabline/domain';
import type { SmsBreakerChange } from './guard-sms-provider.ts';

export interface SmsBreakerReports {
  /** Records a change; never throws (a failed write is logged, the next change overwrites it). */
  readonly report: (change: SmsBreakerChange) => void;
  /** Resolves once the changes reported so far are written (or their failure logged). */
  settled(): Promise<void>;
  /** Waits for the writes in flight, then deletes this process's row. */
  stop(): Promise<void>;
}

/**
 * Records this worker process's SMS breaker in `sms_breaker_states`, one
 * row per process, for the dashboard (`GET …/sms`). Writes go one after the
 * other, so a quick break and reset land in that order; `open_until` is
 * reckoned on the database's clock, which the dashboard's read compares it
 * with.
 */
export function smsBreakerReports(
  db: SqlClient,
  processId: string,
  logger: Logger,
): SmsBreakerReports {
  let writes: Promise<void> = Promise.resolve();
  const write = (sql: string, params: unknown[]) => {
    writes = writes
      .then(() => db.query(sql, params))
      .then(
        () => undefined,
        (error: unknown) => logger.warn({ err: error }, 'sms breaker state not recorded'),
      );
  };
  return {
    report: (change) =>
      write(
        `insert into sms_breaker_states (process_id, state, changed_at, open_until)
         values ($1, $2, now(),
                 case when $2 = 'open' then now() + make_interval(secs => $3::float8 / 1000) end)
         on conflict (process_id) do update set
           state = excluded.state, changed_at = excluded.changed_at,
           open_until = excluded.open_until`,
        [processId, change.state, change.state === 'open' ? change.openForMs : null],
      ),
    settled: () => writes,
    stop: async () => {
      write('delete from sms_breaker_states where process_id = $1', [processId]);
      await writes;
    },
  };
}
