import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { UUID_PATTERN, isErrorCode } from '@tabline/domain';
import {
  AcceptedOrder,
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENT_REPLAYED_HEADER,
  ORDERS_PATH,
  PlaceOrderRequest,
  Problem,
} from '@tabline/protocol';
import Type from 'typebox';
import { deviceOf, requireDevice } from '../auth/device-auth.ts';
import { ingestPush } from '../ingest/ingest-push.ts';
import type { IngestDependencies } from '../ingest/ingest-push.ts';
import { ProblemError } from '../problem-error.ts';
import { sendProblem } from '../problem.ts';

const IDEMPOTENCY_KEY = new RegExp(UUID_PATTERN);

/**
 * POST /v1/orders: one order, answered at once, for a device that is online.
 * Idempotent per the IETF Idempotency-Key draft and as Stripe does it: the
 * key is required; a retry with the same key and body gets the stored answer
 * (same status, same body, marked `Idempotent-Replayed: true`); the same key
 * with another body is 422; a key still being processed is 409 with
 * Retry-After. Keys are scoped by device and kept as long as the event's
 * data. It stores exactly what a push of the same work item would, in the
 * same transaction, so the two paths can never disagree.
 */
export function registerOrdersRoute(app: FastifyInstance, deps: IngestDependencies) {
  app.withTypeProvider<TypeBoxTypeProvider>().post(
    ORDERS_PATH,
    {
      onRequest: requireDevice(deps.db),
      schema: {
        summary: 'Place one order (online), idempotently',
        tags: ['orders'],
        security: [{ deviceToken: [] }],
        headers: Type.Object({
          [IDEMPOTENCY_KEY_HEADER]: Type.Optional(
            Type.String({
              maxLength: 64,
              description: 'A UUID made by the client, one per order.',
            }),
          ),
        }),
        body: PlaceOrderRequest,
        response: { 201: AcceptedOrder, '4xx': Problem, '5xx': Problem },
      },
    },
    async (request, reply) => {
      const key = request.headers[IDEMPOTENCY_KEY_HEADER];
      if (key === undefined) {
        throw new ProblemError('idempotency.key_missing', 'Send an Idempotency-Key header.');
      }
      if (!IDEMPOTENCY_KEY.test(key)) {
        throw new ProblemError('request.invalid', 'The Idempotency-Key must be a lower-case UUID.');
      }
      const { results } = await ingestPush(deps, deviceOf(request), {
        items: [{ ...request.body, idempotencyKey: key }],
      });
      const result = results[0]!;
      reply.header(IDEMPOTENT_REPLAYED_HEADER, String(result.replayed));
      if (result.outcome === 'rejected') {
        const code = result.error.code;
        if (!isErrorCode(code)) throw new Error(`Stored outcome has an unknown code ${code}`);
        return sendProblem(reply, code, result.error.message);
      }
      if (!('order' in result))
        throw new Error('Invariant violated: an order answered as another kind');
      return reply.code(201).send(result.order);
    },
  );
}
