import { randomUUID } from 'node:crypto';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, describeSchema, migrate } from '@tabline/database';
import { createTestDatabase, testDatabaseKinds } from '@tabline/testkit/test-database';
import type { TestDatabase } from '@tabline/testkit/test-database';
import type { Database } from '@tabline/database';

/**
 * The database with every transaction working in `schema` (a scratch copy of
 * the tables beside the real ones), so a test can migrate from empty to a
 * given version on a database that is already migrated.
 */
function inSchema(database: Database, schema: string): Database {
  return {
    ...database,
    transaction: (fn) =>
      database.transaction(async (tx) => {
        await tx.query(`set local search_path to ${schema}`);
        return fn(tx);
      }),
  };
}

/** Copies of the migrations this file made, removed once it is done. */
const copies: string[] = [];
afterAll(() => Promise.all(copies.map((dir) => rm(dir, { recursive: true, force: true }))));

/** A copy of every migration, in a folder of its own. */
async function copyOfMigrations(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tabline-migrations-'));
  copies.push(dir);
  await cp(MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

/** A copy of the migrations up to `version`. */
async function migrationsUpTo(version: number): Promise<URL> {
  const dir = await copyOfMigrations();
  for (const file of await readdir(dir)) {
    if (Number(file.slice(0, 4)) > version) await rm(join(dir, file));
  }
  return pathToFileURL(dir + '/');
}

for (const kind of testDatabaseKinds()) {
  describe(`migrations on ${kind}`, () => {
    let test: TestDatabase;
    beforeAll(async () => {
      test = await createTestDatabase(kind);
    });
    afterAll(() => test.dispose());

    it('give exactly the committed schema.sql when applied from empty', async () => {
      // `npx vitest run packages/database -u` rewrites it; review the diff.
      await expect(await describeSchema(test.database)).toMatchFileSnapshot('../schema.sql');
    });

    it('apply nothing the second time', async () => {
      expect((await migrate(test.database)).applied).toEqual([]);
    });

    it('refuse to start when an applied migration was edited', async () => {
      const dir = await copyOfMigrations();
      const first = join(dir, '0001-initial.sql');
      await writeFile(first, (await readFile(first, 'utf8')) + '\n-- edited\n');
      await expect(migrate(test.database, pathToFileURL(dir + '/'))).rejects.toThrow(/immutable/);
    });

    it('record what processed orders were charged when 0008 (server pricing) is applied', async () => {
      const schema = `upgrade_${randomUUID().replaceAll('-', '')}`;
      await test.database.query(`create schema ${schema}`);
      try {
        const db = inSchema(test.database, schema);
        await migrate(db, await migrationsUpTo(7));
        const ids = { charged: randomUUID(), flagged: randomUUID(), waiting: randomUUID() };
        await db.transaction(async (tx) => {
          await tx.exec(`
            insert into organisations (id, name) values ('${randomUUID()}', 'Org');
            insert into events (id, organisation_id, name, currency, time_zone)
              select '${randomUUID()}', id, 'Fest', 'EUR', 'UTC' from organisations;
            insert into devices (id, event_id, name) select '${randomUUID()}', id, 'POS' from events;
            insert into attendees (id, event_id, name) select '${randomUUID()}', id, 'Guest' from events;
            insert into tabs (id, event_id, attendee_id, currency, balance_cents)
              select '${randomUUID()}', event_id, id, 'EUR', 1600 from attendees;
            insert into orders (id, event_id, device_id, device_seq, wristband_uid, currency,
                                total_cents, placed_at, received_at, catalog_version, status, tab_id)
              select o.id, d.event_id, d.id, o.seq, 'BAND', 'EUR', 1600, now(), now(), 0, o.status,
                     case when o.charged then (select id from tabs) end
              from devices d, (values ('${ids.charged}'::uuid, 1, 'processed', true),
                                      ('${ids.flagged}'::uuid, 2, 'processed', false),
                                      ('${ids.waiting}'::uuid, 3, 'received', false))
                              as o (id, seq, status, charged);
            insert into ledger_entries (tab_id, order_id, kind, amount_cents)
              select tab_id, id, 'order', total_cents from orders where tab_id is not null;
          `);
        });
        expect((await migrate(db)).applied).toContain('8-server-pricing');
        const { rows } = await db.transaction((tx) =>
          tx.query<{ id: string; charged: number | null }>(
            'select id, charged_cents as charged from orders',
          ),
        );
        expect(Object.fromEntries(rows.map((row) => [row.id, row.charged]))).toEqual({
          [ids.charged]: 1600,
          [ids.flagged]: 0,
          [ids.waiting]: null,
        });
      } finally {
        await test.database.query(`drop schema ${schema} cascade`);
      }
    });

    it('sum the sales of orders processed before 0009 (sales rollups) into its rollups', async () => {
      const schema = `upgrade_${randomUUID().replaceAll('-', '')}`;
      await test.database.query(`create schema ${schema}`);
      try {
        const db = inSchema(test.database, schema);
        await migrate(db, await migrationsUpTo(8));
        const ids = {
          event: randomUUID(),
          location: randomUUID(),
          lager: randomUUID(),
          water: randomUUID(),
          refunded: randomUUID(),
          flagged: randomUUID(),
          waiting: randomUUID(),
          refund: randomUUID(),
        };
        // A refunded order of lager and water (1600, 250 back), one charged to no
        // one, one not processed yet.
        await db.transaction(async (tx) => {
          await tx.exec(`
            insert into organisations (id, name) values ('${randomUUID()}', 'Org');
            insert into events (id, organisation_id, name, currency, time_zone)
              select '${ids.event}', id, 'Fest', 'EUR', 'UTC' from organisations;
            insert into locations (id, event_id, name) values ('${ids.location}', '${ids.event}', 'Bar');
            insert into staff_users (id, organisation_id, email, name, password_hash)
              select '${randomUUID()}', id, 'm@example.test', 'M', 'x' from organisations;
            insert into devices (id, event_id, name) values ('${randomUUID()}', '${ids.event}', 'POS');
            insert into attendees (id, event_id, name) values ('${randomUUID()}', '${ids.event}', 'Guest');
            insert into tabs (id, event_id, attendee_id, currency, balance_cents)
              select '${randomUUID()}', event_id, id, 'EUR', 1350 from attendees;
            insert into orders (id, event_id, device_id, device_seq, location_id, wristband_uid,
                                currency, total_cents, placed_at, received_at, catalog_version,
                                status, tab_id, charged_cents)
              select o.id, d.event_id, d.id, o.seq, o.location_id, 'BAND', 'EUR', o.total,
                     o.placed_at, now(), 0, o.status, o.tab_id, o.charged
              from devices d, (values
                ('${ids.refunded}'::uuid, 1, '${ids.location}'::uuid, 1600, timestamptz '2024-07-05 10:20Z',
                 'processed', (select id from tabs), 1600),
                ('${ids.flagged}'::uuid, 2, null, 250, timestamptz '2024-07-05 10:50Z', 'processed', null, 0),
                ('${ids.waiting}'::uuid, 3, null, 650, timestamptz '2024-07-05 11:00Z', 'received', null, null))
                as o (id, seq, location_id, total, placed_at, status, tab_id, charged);
            insert into order_items (order_id, line_no, product_id, product_name, unit_price_cents, quantity)
            values ('${ids.refunded}', 1, '${ids.lager}', 'Lager', 650, 2),
                   ('${ids.refunded}', 2, '${ids.water}', 'Water', 300, 1),
                   ('${ids.flagged}', 1, '${ids.water}', 'Water', 250, 1),
                   ('${ids.waiting}', 1, '${ids.lager}', 'Lager', 650, 1);
            insert into order_adjustments (id, event_id, order_id, kind, amount_cents, reason,
                                           approved_by, placed_at, received_at)
              select '${ids.refund}', '${ids.event}', '${ids.refunded}', 'refund', 250, 'spilt', id,
                     now(), now() from staff_users;
            insert into ledger_entries (tab_id, order_id, kind, amount_cents, adjustment_id)
              select tab_id, id, 'order', 1600, null from orders where id = '${ids.refunded}'
              union all
              select tab_id, id, 'refund', -250, '${ids.refund}'::uuid from orders where id = '${ids.refunded}';
          `);
        });
        expect((await migrate(db)).applied).toContain('9-sales-rollups');
        const { rows } = await db.transaction((tx) =>
          tx.query(
            `select dimension, location_id as "locationId", quarter_start as "quarterStart",
                    product_id as "productId", product_name as "productName",
                    charged_cents as "chargedCents", voided_cents as "voidedCents",
                    refunded_cents as "refundedCents", net_cents as "netCents", orders, quantity
             from sales_rollups
             order by dimension, location_id nulls last, quarter_start, product_name`,
          ),
        );
        const zero = { chargedCents: 0, voidedCents: 0, refundedCents: 0, orders: 0, quantity: 0 };
        const none = { locationId: null, quarterStart: null, productId: null, productName: null };
        // 1350 over 1300 and 300 by cumulative floors: 1096 and 254.
        expect(rows).toEqual([
          {
            ...none,
            ...zero,
            dimension: 'event',
            chargedCents: 1600,
            refundedCents: 250,
            netCents: 1350,
            orders: 2,
          },
          {
            ...none,
            ...zero,
            dimension: 'location',
            locationId: ids.location,
            netCents: 1350,
            orders: 1,
          },
          { ...none, ...zero, dimension: 'location', netCents: 0, orders: 1 },
          {
            ...none,
            ...zero,
            dimension: 'product',
            productId: ids.lager,
            productName: 'Lager',
            netCents: 1096,
            quantity: 2,
          },
          {
            ...none,
            ...zero,
            dimension: 'product',
            productId: ids.water,
            productName: 'Water',
            netCents: 254,
            quantity: 2,
          },
          {
            ...none,
            ...zero,
            dimension: 'quarter',
            quarterStart: new Date('2024-07-05T10:15:00Z'),
            netCents: 1350,
            orders: 1,
          },
          {
            ...none,
            ...zero,
            dimension: 'quarter',
            quarterStart: new Date('2024-07-05T10:45:00Z'),
            netCents: 0,
            orders: 1,
          },
        ]);
      } finally {
        await test.database.query(`drop schema ${schema} cascade`);
      }
    });

    it('roll a failed transaction back whole', async () => {
      const count = async () =>
        (await test.database.query<{ n: number }>('select count(*)::int8 as n from organisations'))
          .rows[0]!.n;
      const before = await count();
      await expect(
        test.database.transaction(async (tx) => {
          await tx.query(`insert into organisations (id, name) values (gen_random_uuid(), 'x')`);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await count()).toBe(before);
    });

    it('count rows the same way on both drivers', async () => {
      const db = test.database;
      const org = crypto.randomUUID();
      expect((await db.query('select 1 union all select 2')).rowCount).toBe(2);
      const insert = `insert into organisations (id, name) values ($1, 'x') on conflict do nothing`;
      expect((await db.query(insert, [org])).rowCount).toBe(1);
      expect((await db.query(insert, [org])).rowCount).toBe(0);
      expect((await db.query(`${insert} returning id`, [crypto.randomUUID()])).rowCount).toBe(1);
      expect(
        (await db.query(`update organisations set name = 'y' where id = $1`, [org])).rowCount,
      ).toBe(1);
    });

    it('read bigint cents as exact numbers', async () => {
      const { rows } = await test.database.query<{ cents: number }>(
        'select 9007199254740991::bigint as cents',
      );
      expect(rows[0]!.cents).toBe(Number.MAX_SAFE_INTEGER);
      await expect(test.database.query('select 9007199254740993::bigint as cents')).rejects.toThrow(
        /safe integer/,
      );
    });
  });
}
