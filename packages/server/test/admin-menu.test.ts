import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PROMOTIONS_PER_EVENT_MAX, UNIT_PRICE_CENTS_MAX } from '@tabline/domain';
import type {
  CategoryDetails,
  LocationDetails,
  LocationPage,
  ProductDetails,
  ProductPage,
  PromotionPage,
  PromotionRecord,
  PromotionRequest,
} from '@tabline/protocol';
import { upsertPromotion } from '@tabline/server';
import { createEventFixture } from '@tabline/testkit/event-fixture';
import { createStaffFixture, signInStaff } from '@tabline/testkit/staff-fixture';
import { testDatabaseKinds } from '@tabline/testkit/test-database';
import { useTestStack } from '@tabline/testkit/use-test-stack';
import { adminApi, pullAll, useAdminCallers } from './support/admin-api.ts';

for (const kind of testDatabaseKinds()) {
  describe(`admin API: locations, menu and promotions on ${kind}`, () => {
    const ctx = useTestStack(kind, { workers: false });
    const call = adminApi(() => ctx.stack.url);
    const admin = useAdminCallers(ctx);
    const { tokens } = admin;

    const pull = (cursor?: string) => pullAll(ctx.stack.url, ctx.fixture.deviceToken, cursor);

    describe('locations', () => {
      it('lets an owner create and rename locations, with names unique in the event', async () => {
        const created = await call<LocationDetails>('POST', `${admin.event}/locations`, {
          token: tokens.owner,
          body: { name: ' Main stage bar ' },
        });
        expect(created.status).toBe(201);
        expect(created.body.name).toBe('Main stage bar');
        const twin = await call('POST', `${admin.event}/locations`, {
          token: tokens.owner,
          body: { name: 'MAIN STAGE BAR' },
        });
        expect(twin.status).toBe(409);
        expect(twin.body.code).toBe('location.name_taken');
        const renamed = await call('PATCH', `${admin.event}/locations/${created.body.id}`, {
          token: tokens.owner,
          body: { name: 'Garden bar' },
        });
        expect(renamed.body).toEqual({ id: created.body.id, name: 'Garden bar' });
        const listed = await call<LocationPage>('GET', `${admin.event}/locations`, {
          token: tokens.manager,
        });
        expect(listed.status).toBe(200);
        expect(listed.body.items).toContainEqual({ id: created.body.id, name: 'Garden bar' });
        expect(listed.body.items.map((l) => l.id)).toContain(ctx.fixture.locationId);
      });

      it('lets managers list but not change locations; cashiers and strangers get nothing', async () => {
        const manager = await call('POST', `${admin.event}/locations`, {
          token: tokens.manager,
          body: { name: 'Sneaky bar' },
        });
        expect(manager.status).toBe(403);
        expect(
          (await call('GET', `${admin.event}/locations`, { token: tokens.cashier })).status,
        ).toBe(403);
        const stranger = await call('GET', `${admin.event}/locations`, { token: tokens.stranger });
        expect(stranger.status).toBe(404);
        expect(JSON.stringify(stranger.body)).not.toContain('Bar');
        // Another event's location through the caller's own event: not found, not renamed.
        const foreign = await call('PATCH', `${admin.event}/locations/${admin.other.locationId}`, {
          token: tokens.owner,
          body: { name: 'Taken over' },
        });
        expect(foreign.status).toBe(404);
        const { rows } = await ctx.test.database.query<{ name: string }>(
          'select name from locations where id = $1',
          [admin.other.locationId],
        );
        expect(rows[0]!.name).toBe('Bar');
      });
    });

    describe('categories and products', () => {
      it('builds a menu that devices get on their next pull: new, repriced and archived products', async () => {
        const before = await pull();
        const category = await call<CategoryDetails>('POST', `${admin.event}/categories`, {
          token: tokens.owner,
          body: { name: 'Snacks', position: 2 },
        });
        expect(category.status).toBe(201);
        expect(category.body).toMatchObject({ name: 'Snacks', position: 2, active: true });
        const crisps = await call<ProductDetails>('POST', `${admin.event}/products`, {
          token: tokens.owner,
          body: { name: 'Crisps', priceCents: 350, categoryId: category.body.id },
        });
        expect(crisps.status).toBe(201);
        expect(crisps.body).toMatchObject({
          name: 'Crisps',
          priceCents: 350,
          categoryId: category.body.id,
          position: 0,
          active: true,
        });
        const lager = ctx.fixture.products[0]!;
        const water = ctx.fixture.products[2]!;
        const repriced = await call('PATCH', `${admin.event}/products/${lager.id}`, {
          token: tokens.owner,
          body: { priceCents: 725 },
        });
        expect(repriced.status).toBe(200);
        expect(repriced.body).toMatchObject({ id: lager.id, name: 'Lager', priceCents: 725 });
        const archived = await call('PATCH', `${admin.event}/products/${water.id}`, {
          token: tokens.owner,
          body: { active: false },
        });
        expect(archived.body).toMatchObject({ id: water.id, active: false });

        const after = await pull(before.cursor);
        expect(after.categories).toEqual([category.body]);
        expect(after.products).toEqual(
          expect.arrayContaining([
            crisps.body,
            expect.objectContaining({ id: lager.id, priceCents: 725, active: true }),
            expect.objectContaining({ id: water.id, active: false }),
          ]),
        );
        expect(after.products).toHaveLength(3);
        // A change that changes nothing is not sent again.
        await call('PATCH', `${admin.event}/products/${lager.id}`, {
          token: tokens.owner,
          body: { priceCents: 725 },
        });
        expect((await pull(after.cursor)).products).toEqual([]);
      });

      it('archives a category, and its name is free again for an active one', async () => {
        const made = await call<CategoryDetails>('POST', `${admin.event}/categories`, {
          token: tokens.owner,
          body: { name: 'Cocktails' },
        });
        const twin = await call('POST', `${admin.event}/categories`, {
          token: tokens.owner,
          body: { name: 'cocktails' },
        });
        expect(twin.status).toBe(409);
        expect(twin.body.code).toBe('category.name_taken');
        const before = await pull();
        const archived = await call('PATCH', `${admin.event}/categories/${made.body.id}`, {
          token: tokens.owner,
          body: { active: false },
        });
        expect(archived.body).toMatchObject({ active: false });
        expect((await pull(before.cursor)).categories).toEqual([{ ...made.body, active: false }]);
        const again = await call('POST', `${admin.event}/categories`, {
          token: tokens.owner,
          body: { name: 'Cocktails' },
        });
        expect(again.status).toBe(201);
        // Restoring the archived one would make two active "Cocktails".
        const restore = await call('PATCH', `${admin.event}/categories/${made.body.id}`, {
          token: tokens.owner,
          body: { active: true },
        });
        expect(restore.status).toBe(409);
      });

      it('refuses a second active product of the same name until the first is archived', async () => {
        const cider = ctx.fixture.products[1]!;
        const twin = await call('POST', `${admin.event}/products`, {
          token: tokens.owner,
          body: { name: 'CIDER', priceCents: 800 },
        });
        expect(twin.status).toBe(409);
        expect(twin.body.code).toBe('product.name_taken');
        const renamed = await call(
          'PATCH',
          `${admin.event}/products/${ctx.fixture.products[0]!.id}`,
          {
            token: tokens.owner,
            body: { name: 'cider ' },
          },
        );
        expect(renamed.status).toBe(409);
        await call('PATCH', `${admin.event}/products/${cider.id}`, {
          token: tokens.owner,
          body: { active: false },
        });
        const replacement = await call('POST', `${admin.event}/products`, {
          token: tokens.owner,
          body: { name: 'Cider', priceCents: 800 },
        });
        expect(replacement.status).toBe(201);
      });

      it('creates one of 20 products given the same name at once', async () => {
        const name = `Race ${randomUUID().slice(0, 8)}`;
        const answers = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            call('POST', `${admin.event}/products`, {
              token: tokens.owner,
              body: { name: i % 2 === 0 ? name : name.toUpperCase(), priceCents: 100 + i },
            }),
          ),
        );
        const statuses = answers.map((answer) => answer.status);
        expect(statuses.filter((status) => status === 201)).toHaveLength(1);
        expect(statuses.filter((status) => status === 409)).toHaveLength(19);
      });

      it('refuses money that is not whole cents within limits, and unknown categories, changing nothing', async () => {
        const before = await pull();
        const lager = ctx.fixture.products[0]!;
        for (const priceCents of [4.5, -1, UNIT_PRICE_CENTS_MAX + 1, '450', null, 1e300]) {
          const created = await call('POST', `${admin.event}/products`, {
            token: tokens.owner,
            body: { name: `Odd ${String(priceCents)}`, priceCents },
          });
          expect(created.status, String(priceCents)).toBe(400);
          expect(created.body.code).toBe('request.invalid');
          expect(created.body.errors?.[0]?.path).toBe('/priceCents');
          const changed = await call('PATCH', `${admin.event}/products/${lager.id}`, {
            token: tokens.owner,
            body: { priceCents },
          });
          expect(changed.status).toBe(400);
        }
        for (const body of [
          { name: 'Foreign', priceCents: 100, categoryId: randomUUID() },
          {
            name: 'Foreign',
            priceCents: 100,
            categoryId: (await pullAll(ctx.stack.url, admin.other.deviceToken)).categories[0]!.id,
          },
        ]) {
          const answer = await call('POST', `${admin.event}/products`, {
            token: tokens.owner,
            body,
          });
          expect(answer.status).toBe(404);
          expect(answer.body.code).toBe('resource.not_found');
        }
        const extra = await call('POST', `${admin.event}/products`, {
          token: tokens.owner,
          body: { name: 'Extra', priceCents: 100, eventId: admin.other.eventId },
        });
        expect(extra.status).toBe(400);
        const after = await pull(before.cursor);
        expect(after.products).toEqual([]);
        expect(after.cursor).toBe(before.cursor);
      });

      it('lets managers read the menu, only owners change it, and strangers see none of it', async () => {
        const listed = await call<ProductPage>('GET', `${admin.event}/products?limit=500`, {
          token: tokens.manager,
        });
        expect(listed.status).toBe(200);
        expect(listed.body.items.map((p) => p.id)).toEqual(
          expect.arrayContaining(ctx.fixture.products.map((p) => p.id)),
        );
        expect(
          (await call('GET', `${admin.event}/categories`, { token: tokens.manager })).status,
        ).toBe(200);
        const lager = ctx.fixture.products[0]!;
        for (const [token, status] of [
          [tokens.manager, 403],
          [tokens.cashier, 403],
          [tokens.stranger, 404],
        ] as const) {
          const answer = await call('PATCH', `${admin.event}/products/${lager.id}`, {
            token,
            body: { priceCents: 1 },
          });
          expect(answer.status).toBe(status);
        }
        expect(
          (await call('GET', `${admin.event}/products`, { token: tokens.cashier })).status,
        ).toBe(403);
        const stranger = await call('GET', `${admin.event}/products`, { token: tokens.stranger });
        expect(stranger.status).toBe(404);
        expect(JSON.stringify(stranger.body)).not.toContain('Lager');
        // The other organisation's product, through the caller's own event or theirs.
        const foreignProduct = admin.other.products[0]!;
        for (const path of [
          `${admin.event}/products/${foreignProduct.id}`,
          `/v1/events/${admin.other.eventId}/products/${foreignProduct.id}`,
        ]) {
          const answer = await call('PATCH', path, {
            token: tokens.owner,
            body: { priceCents: 1 },
          });
          expect(answer.status).toBe(404);
          expect(JSON.stringify(answer.body)).not.toContain(foreignProduct.name);
        }
        const theirs = await pullAll(ctx.stack.url, admin.other.deviceToken);
        expect(theirs.products.find((p) => p.id === foreignProduct.id)?.priceCents).toBe(
          foreignProduct.priceCents,
        );
      });

      it('pages products by id', async () => {
        const seen: string[] = [];
        let after: string | null = null;
        do {
          const query: string = after === null ? '?limit=2' : `?limit=2&after=${after}`;
          const page = await call<ProductPage>('GET', `${admin.event}/products${query}`, {
            token: tokens.manager,
          });
          seen.push(...page.body.items.map((p) => p.id));
          after = page.body.nextAfter;
        } while (after !== null);
        const { rows } = await ctx.test.database.query<{ id: string }>(
          'select id from products where event_id = $1 order by id',
          [ctx.fixture.eventId],
        );
        expect(seen).toEqual(rows.map((row) => row.id));
        for (const limit of ['0', '501', '1.5', 'ten']) {
          const answer = await call('GET', `${admin.event}/products?limit=${limit}`, {
            token: tokens.manager,
          });
          expect(answer.status).toBe(400);
        }
      });
    });

    describe('promotions', () => {
      const happyHour = (): PromotionRequest => ({
        name: 'Happy hour',
        active: true,
        priority: 1,
        stacking: 'stackable',
        validFrom: null,
        validUntil: null,
        window: { startMinute: 17 * 60, endMinute: 19 * 60, daysOfWeek: [5, 6] },
        tiers: null,
        target: { kind: 'products', productIds: [ctx.fixture.products[0]!.id] },
        benefit: { kind: 'percent-off', basisPoints: 2500 },
        capCents: null,
      });

      it('creates, replaces and ends a promotion, and devices get each change', async () => {
        const before = await pull();
        const created = await call<PromotionRecord>('POST', `${admin.event}/promotions`, {
          token: tokens.owner,
          body: happyHour(),
        });
        expect(created.status).toBe(201);
        expect(created.body).toEqual({ ...happyHour(), id: created.body.id });
        const first = await pull(before.cursor);
        expect(first.promotions).toEqual([created.body]);

        const replaced = await call<PromotionRecord>(
          'PUT',
          `${admin.event}/promotions/${created.body.id}`,
          {
            token: tokens.owner,
            body: { ...happyHour(), benefit: { kind: 'amount-off', amountCents: 100 } },
          },
        );
        expect(replaced.status).toBe(200);
        const second = await pull(first.cursor);
        expect(second.promotions).toEqual([replaced.body]);
        expect(second.promotions[0]!.benefit).toEqual({ kind: 'amount-off', amountCents: 100 });

        const ended = await call<PromotionRecord>(
          'POST',
          `${admin.event}/promotions/${created.body.id}/end`,
          { token: tokens.owner },
        );
        expect(ended.status).toBe(200);
        expect(ended.body).toEqual({ ...replaced.body, active: false });
        const third = await pull(second.cursor);
        expect(third.promotions).toEqual([ended.body]);
        // Ending it again changes nothing and sends nothing.
        await call('POST', `${admin.event}/promotions/${created.body.id}/end`, {
          token: tokens.owner,
        });
        expect((await pull(third.cursor)).promotions).toEqual([]);

        const listed = await call<PromotionPage>('GET', `${admin.event}/promotions`, {
          token: tokens.manager,
        });
        expect(listed.body.items).toContainEqual(ended.body);
      });

      it('refuses a promotion the pricing code would refuse, saying where, and stores nothing', async () => {
        const before = await pull();
        const foreignProduct = admin.other.products[0]!.id;
        const cases: [PromotionRequest, string, string][] = [
          [
            { ...happyHour(), validFrom: 2000, validUntil: 1000 },
            'promotion.invalid',
            '/validUntil',
          ],
          [
            { ...happyHour(), window: { startMinute: 60, endMinute: 120, daysOfWeek: [] } },
            'promotion.invalid',
            '/window/daysOfWeek',
          ],
          [
            { ...happyHour(), target: { kind: 'products', productIds: [] } },
            'promotion.invalid',
            '/target/productIds',
          ],
          [
            {
              ...happyHour(),
              target: {
                kind: 'products',
                productIds: [ctx.fixture.products[1]!.id, foreignProduct],
              },
            },
            'promotion.invalid',
            '/target/productIds/1',
          ],
          [
            { ...happyHour(), target: { kind: 'categories', categoryIds: [randomUUID()] } },
            'promotion.invalid',
            '/target/categoryIds/0',
          ],
          [
            { ...happyHour(), benefit: { kind: 'percent-off', basisPoints: 0 } },
            'request.invalid',
            '/benefit',
          ],
          [{ ...happyHour(), capCents: -5 }, 'request.invalid', '/capCents'],
        ];
        for (const [body, code, where] of cases) {
          const answer = await call('POST', `${admin.event}/promotions`, {
            token: tokens.owner,
            body,
          });
          expect(answer.status, where).toBe(400);
          expect(answer.body.code).toBe(code);
          expect(answer.body.errors?.map((e) => e.path).join(' ')).toContain(where);
        }
        const withId = await call('POST', `${admin.event}/promotions`, {
          token: tokens.owner,
          body: { ...happyHour(), id: randomUUID() },
        });
        expect(withId.status).toBe(400);
        expect((await pull(before.cursor)).promotions).toEqual([]);
      });

      it('lets only owners change promotions, and answers strangers and unknown ids 404', async () => {
        const created = await call<PromotionRecord>('POST', `${admin.event}/promotions`, {
          token: tokens.owner,
          body: happyHour(),
        });
        const path = `${admin.event}/promotions/${created.body.id}`;
        expect(
          (
            await call('POST', `${admin.event}/promotions`, {
              token: tokens.manager,
              body: happyHour(),
            })
          ).status,
        ).toBe(403);
        expect((await call('POST', `${path}/end`, { token: tokens.manager })).status).toBe(403);
        expect((await call('POST', `${path}/end`, { token: tokens.stranger })).status).toBe(404);
        expect(
          (await call('GET', `${admin.event}/promotions`, { token: tokens.cashier })).status,
        ).toBe(403);
        for (const id of [randomUUID()]) {
          const answer = await call('PUT', `${admin.event}/promotions/${id}`, {
            token: tokens.owner,
            body: happyHour(),
          });
          expect(answer.status).toBe(404);
        }
        const { rows } = await ctx.test.database.query<{ active: boolean }>(
          `select (definition->>'active')::boolean as active from promotions where id = $1`,
          [created.body.id],
        );
        expect(rows[0]!.active).toBe(true);
      });

      it(`refuses promotion number ${PROMOTIONS_PER_EVENT_MAX + 1} of an event`, async () => {
        const crowded = await createEventFixture(ctx.test.database);
        const owner = (await createStaffFixture(ctx.test.database, crowded)).owner;
        const token = await signInStaff(ctx.stack.url, owner);
        const target = { kind: 'products', productIds: [crowded.products[0]!.id] } as const;
        for (let i = 0; i < PROMOTIONS_PER_EVENT_MAX; i++) {
          const stored = await upsertPromotion(ctx.test.database, crowded.eventId, {
            ...happyHour(),
            target,
            id: randomUUID(),
          });
          expect(stored.ok).toBe(true);
        }
        const answer = await call('POST', `/v1/events/${crowded.eventId}/promotions`, {
          token,
          body: { ...happyHour(), target },
        });
        expect(answer.status).toBe(409);
        expect(answer.body.code).toBe('promotion.too_many');
      });
    });
  });
}
