import type { FastifyInstance } from 'fastify';
import { ERROR_CODES } from '@tabline/domain';
import type { ErrorCodeInfo } from '@tabline/domain';
import { sendProblem } from '../problem.ts';

/**
 * GET /problems/:code: what an error code means. Problem documents name
 * these in their `type`, so a client (or a person) can follow the link.
 */
export function registerProblemRoutes(app: FastifyInstance) {
  app.get<{ Params: { code: string } }>(
    '/problems/:code',
    { schema: { hide: true } },
    (request, reply) => {
      const codes = ERROR_CODES as Record<string, ErrorCodeInfo>;
      const info = Object.hasOwn(codes, request.params.code)
        ? codes[request.params.code]
        : undefined;
      if (!info) return sendProblem(reply, 'route.not_found', 'No such error code.');
      return { code: request.params.code, ...info };
    },
  );
}
