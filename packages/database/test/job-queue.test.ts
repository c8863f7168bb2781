import { PgBoss, fromPglite } from 'pg-boss';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '@tabline/domain';
import {
  JOB_HEARTBEAT_SECONDS,
  PROCESS_ORDER_QUEUE,
  SEND_SMS_QUEUE,
  pgliteOf,
  startJobQueue,
} from '@tabline/database';
import type { JobQueue } from '@tabline/database';
import { createTestDatabase, testDatabaseKinds } from '@tabline/testkit/test-database';
import type { TestDatabase } from '@tabline/testkit/test-database';

for (const kind of testDatabaseKinds()) {
  describe(`job queue set-up on ${kind}`, () => {
    let test: TestDatabase;
    let jobs: JobQueue | undefined;
    beforeEach(async () => {
      test = await createTestDatabase(kind);
    });
    afterEach(async () => {
      await jobs?.stop();
      jobs = undefined;
      await test?.dispose();
    });

    const start = async () =>
      (jobs = await startJobQueue({
        database: test.database,
        ...(test.url === undefined ? {} : { postgresUrl: test.url }),
        logger: silentLogger,
      }));

    it("creates the worked queues with heartbeats, so a killed worker's job runs again", async () => {
      const { boss } = await start();
      for (const queue of [PROCESS_ORDER_QUEUE, SEND_SMS_QUEUE]) {
        expect(await boss.getQueue(queue.name)).toMatchObject({
          heartbeatSeconds: JOB_HEARTBEAT_SECONDS,
          retryLimit: queue.retryLimit,
          retryDelayMax: queue.retryDelayMax,
          deadLetter: queue.deadLetter,
        });
      }
    });

    it('brings a queue made by an earlier release up to date: heartbeat and retry policy', async () => {
      // The queue as a release before heartbeats left it.
      const old =
        kind === 'pglite'
          ? new PgBoss({ db: fromPglite(pgliteOf(test.database)), backend: 'pglite' })
          : new PgBoss({ connectionString: test.url!, max: 1 });
      old.on('error', () => {});
      await old.start();
      await old.createQueue(SEND_SMS_QUEUE.deadLetter);
      await old.createQueue(SEND_SMS_QUEUE.name, {
        deadLetter: SEND_SMS_QUEUE.deadLetter,
        retryLimit: 3,
        retryBackoff: true,
        retryDelayMax: 30,
      });
      await old.stop({ graceful: false });
      expect(await heartbeatOf(SEND_SMS_QUEUE.name)).toBeNull();

      const { boss } = await start();
      expect(await boss.getQueue(SEND_SMS_QUEUE.name)).toMatchObject({
        heartbeatSeconds: JOB_HEARTBEAT_SECONDS,
        retryLimit: SEND_SMS_QUEUE.retryLimit,
        retryDelayMax: SEND_SMS_QUEUE.retryDelayMax,
      });
      // Jobs take the queue's heartbeat when they are enqueued.
      await test.database.transaction((tx) =>
        jobs!.enqueue(tx, SEND_SMS_QUEUE, [{ smsId: 'sms-1' }]),
      );
      const { rows } = await test.database.query<{ heartbeat: number | null }>(
        `select heartbeat_seconds as heartbeat from pgboss.job where name = $1`,
        [SEND_SMS_QUEUE.name],
      );
      expect(rows).toEqual([{ heartbeat: JOB_HEARTBEAT_SECONDS }]);
    });

    async function heartbeatOf(name: string) {
      const { rows } = await test.database.query<{ heartbeat: number | null }>(
        'select heartbeat_seconds as heartbeat from pgboss.queue where name = $1',
        [name],
      );
      return rows[0]!.heartbeat;
    }
  });
}
