import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  CreateHeaders,
  EventParams,
  PageQuery,
  PromotionPage,
  PromotionParams,
  PromotionRecord,
  PromotionRequest,
} from '@tabline/protocol';
import { eventOf, requireEventRole, staffSecurity } from '../../auth/staff-auth.ts';
import { readPageQuery } from '../../admin/page-request.ts';
import { endPromotion } from '../../admin/promotions/end-promotion.ts';
import { listPromotions, readPromotion } from '../../admin/promotions/read-promotions.ts';
import { savePromotion } from '../../admin/promotions/save-promotion.ts';
import { PROBLEM_RESPONSES } from './admin-route-dependencies.ts';
import { replyCreated } from './reply-created.ts';
import type { AdminRouteDependencies } from './admin-route-dependencies.ts';

const PATH = '/v1/events/:eventId/promotions';

/**
 * Promotions: owners create, replace and end them; managers read them. A
 * promotion the pricing code would refuse is refused (`promotion.invalid`).
 */
export function registerPromotionRoutes(app: FastifyInstance, deps: AdminRouteDependencies) {
  const { db } = deps;
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['promotions'];

  api.get(
    PATH,
    {
      onRequest: requireEventRole(db, 'manager'),
      schema: {
        summary: "List the event's promotions, ended ones too (manager)",
        tags,
        security: staffSecurity('manager'),
        params: EventParams,
        querystring: PageQuery,
        response: { 200: PromotionPage, ...PROBLEM_RESPONSES },
      },
    },
    (request) => listPromotions(db, eventOf(request).eventId, readPageQuery(request.query)),
  );

  api.post(
    PATH,
    {
      onRequest: requireEventRole(db, 'owner'),
      schema: {
        summary: 'Create a promotion (owner)',
        tags,
        security: staffSecurity('owner'),
        params: EventParams,
        headers: CreateHeaders,
        body: PromotionRequest,
        response: { 201: PromotionRecord, ...PROBLEM_RESPONSES },
      },
    },
    (request, reply) => {
      const { eventId } = eventOf(request);
      return replyCreated(db, request, reply, {
        id: deps.newId(),
        create: (tx, id) => savePromotion(tx, { id, eventId, create: true }, request.body),
        read: (client, id) => readPromotion(client, { id, eventId }),
      });
    },
  );

  api.put(
    `${PATH}/:promotionId`,
    {
      onRequest: requireEventRole(db, 'owner'),
      schema: {
        summary: "Replace a promotion's definition (owner)",
        tags,
        security: staffSecurity('owner'),
        params: PromotionParams,
        body: PromotionRequest,
        response: { 200: PromotionRecord, ...PROBLEM_RESPONSES },
      },
    },
    (request) =>
      db.transaction((tx) =>
        savePromotion(
          tx,
          { id: request.params.promotionId, eventId: eventOf(request).eventId, create: false },
          request.body,
        ),
      ),
  );

  api.post(
    `${PATH}/:promotionId/end`,
    {
      onRequest: requireEventRole(db, 'owner'),
      schema: {
        summary: 'End a promotion: it becomes inactive (owner)',
        tags,
        security: staffSecurity('owner'),
        params: PromotionParams,
        response: { 200: PromotionRecord, ...PROBLEM_RESPONSES },
      },
    },
    (request) =>
      endPromotion(db, { id: request.params.promotionId, eventId: eventOf(request).eventId }),
  );
}
