import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gate } from '@tabline/testkit/gate';
import { createTestDatabase, testDatabaseKinds } from '@tabline/testkit/test-database';
import type { TestDatabase } from '@tabline/testkit/test-database';

for (const kind of testDatabaseKinds()) {
  describe(`database stats on ${kind}`, () => {
    let test: TestDatabase;
    beforeAll(async () => {
      test = await createTestDatabase(kind);
    });
    afterAll(() => test?.dispose());

    it('count busy connections and what waits for one, and return to idle', async () => {
      const db = test.database;
      await db.query('select 1');
      expect(db.stats()).toMatchObject({ connectionsBusy: 0, waiting: 0 });
      const max = db.stats().connectionsMax;
      const release = gate();
      const entered: Promise<void>[] = [];
      const work: Promise<unknown>[] = [];
      for (let i = 0; i < max; i++) {
        const inside = gate();
        entered.push(inside.promise);
        work.push(
          db.transaction(async () => {
            inside.open();
            await release.promise;
          }),
        );
      }
      await Promise.all(entered);
      expect(db.stats()).toEqual({ connectionsMax: max, connectionsBusy: max, waiting: 0 });
      work.push(
        db.query('select 1'),
        db.transaction((tx) => tx.query('select 2')),
      );
      expect(db.stats()).toEqual({ connectionsMax: max, connectionsBusy: max, waiting: 2 });
      release.open();
      await Promise.all(work);
      expect(db.stats()).toMatchObject({ connectionsBusy: 0, waiting: 0 });
    });
  });
}
