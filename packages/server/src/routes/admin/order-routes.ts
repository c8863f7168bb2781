import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  AdjustOrderRequest,
  AdjustmentDetails,
  CreateHeaders,
  EVENT_ORDERS_PATH,
  EventParams,
  IDEMPOTENCY_KEY_HEADER,
  ORDER_REVIEW_PATH,
  OrderDetails,
  OrderListQuery,
  OrderPage,
  OrderParams,
  OrderReview,
  ReviewOrderRequest,
} from '@tabline/protocol';
import { normalizeWristbandUid } from '@tabline/domain';
import { eventOf, eventRoleGuard, staffOf } from '../../auth/staff-auth.ts';
import { adjustOrder } from '../../admin/orders/adjust-order.ts';
import { listOrders } from '../../admin/orders/list-orders.ts';
import type { OrderFilter } from '../../admin/orders/list-orders.ts';
import { readAdjustments, readOrderDetails } from '../../admin/orders/read-order-details.ts';
import { reviewOrder } from '../../admin/orders/review-order.ts';
import { readPageQuery } from '../../admin/page-request.ts';
import type { SqlClient } from '@tabline/database';
import { ProblemError } from '../../problem-error.ts';
import { PROBLEM_RESPONSES } from './admin-route-dependencies.ts';
import { replyCreated } from './reply-created.ts';
import type { AdminRouteDependencies } from './admin-route-dependencies.ts';

const PATH = '/v1/events/:eventId/orders/:orderId';

/**
 * Orders as managers see them: the list (newest arrival first, filtered),
 * one order with its items, voids and refunds, voids and refunds made
 * online, and reviews of flagged orders. A manager's session is their
 * approval here; at the counter, a POS queues the same void or refund with
 * the manager's PIN (`order.adjust` work items). Both paths decide alike,
 * and never take back more than the order's total.
 */
export function registerOrderRoutes(app: FastifyInstance, deps: AdminRouteDependencies) {
  const { db } = deps;
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['orders'];
  const { onRequest, security } = eventRoleGuard(db, 'manager');

  api.get(
    EVENT_ORDERS_PATH,
    {
      onRequest,
      schema: {
        summary: "The event's orders, newest arrival first, filtered (manager)",
        description:
          'Paged by `after`, the `nextAfter` of the page before (the id of its last order). Filters combine.',
        tags,
        security,
        params: EventParams,
        querystring: OrderListQuery,
        response: { 200: OrderPage, ...PROBLEM_RESPONSES },
      },
    },
    (request) =>
      listOrders(
        db,
        eventOf(request).eventId,
        orderFilterOf(request.query),
        readPageQuery(request.query),
      ),
  );

  api.post(
    ORDER_REVIEW_PATH,
    {
      onRequest,
      schema: {
        summary: 'Record that a flagged order was reviewed, and why it stands (manager)',
        description:
          'Idempotent by nature: while every flag of the order is covered by a review, another records nothing and answers the latest. An order flagged again since gets a review of its flags as they are.',
        tags,
        security,
        params: OrderParams,
        body: ReviewOrderRequest,
        response: { 200: OrderReview, ...PROBLEM_RESPONSES },
      },
    },
    (request) =>
      db.transaction((tx) =>
        reviewOrder(tx, {
          eventId: eventOf(request).eventId,
          orderId: request.params.orderId,
          reviewedBy: staffOf(request).userId,
          reason: request.body.reason,
        }),
      ),
  );

  api.get(
    PATH,
    {
      onRequest,
      schema: {
        summary: 'An order with its items, voids and refunds (manager)',
        tags,
        security,
        params: OrderParams,
        response: { 200: OrderDetails, ...PROBLEM_RESPONSES },
      },
    },
    (request) =>
      readOrderDetails(db, { eventId: eventOf(request).eventId, orderId: request.params.orderId }),
  );

  api.post(
    `${PATH}/adjustments`,
    {
      onRequest,
      schema: {
        summary: 'Void or refund an order (manager; Idempotency-Key required)',
        description:
          'A void takes back what is left of the order; a refund an amount. The answer is the adjustment as recorded; the tab is reversed by the order processor.',
        tags,
        security,
        params: OrderParams,
        headers: CreateHeaders,
        body: AdjustOrderRequest,
        response: { 201: AdjustmentDetails, ...PROBLEM_RESPONSES },
      },
    },
    (request, reply) => {
      if (request.headers[IDEMPOTENCY_KEY_HEADER] === undefined) {
        throw new ProblemError(
          'idempotency.key_missing',
          'Money is moving: send an Idempotency-Key header (a UUID made once per void or refund).',
        );
      }
      const { eventId } = eventOf(request);
      const { orderId } = request.params;
      return replyCreated(db, request, reply, {
        id: deps.newId(),
        create: async (tx, id) => {
          await adjustOrder(tx, deps.jobs, {
            id,
            eventId,
            orderId,
            approvedBy: staffOf(request).userId,
            at: new Date(deps.clock.now()).toISOString(),
            request: request.body,
          });
          return readAdjustment(tx, { eventId, orderId, id });
        },
        read: (client, id) => readAdjustment(client, { eventId, orderId, id }),
      });
    },
  );

  async function readAdjustment(
    client: SqlClient,
    target: { eventId: string; orderId: string; id: string },
  ): Promise<AdjustmentDetails> {
    const [adjustment] = await readAdjustments(client, { ...target, adjustmentId: target.id });
    if (!adjustment) throw new ProblemError('resource.not_found', 'No such void or refund.');
    return adjustment;
  }
}

const flagOf = (value: 'true' | 'false' | undefined) =>
  value === undefined ? null : value === 'true';

/** The list's filters from its query; a band code that cannot be a band's matches nothing. */
function orderFilterOf(query: OrderListQuery): OrderFilter {
  const band = query.wristbandUid === undefined ? null : normalizeWristbandUid(query.wristbandUid);
  return {
    flagged: flagOf(query.flagged),
    needsReview: flagOf(query.needsReview),
    locationId: query.locationId ?? null,
    deviceId: query.deviceId ?? null,
    wristbandUid: band === null ? null : band.ok ? band.value : query.wristbandUid!,
  };
}
