import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { EVENT_SMS_PATH, EventParams, SmsStatus } from '@tabline/protocol';
import { eventOf, eventRoleGuard } from '../../auth/staff-auth.ts';
import { readSmsStatus } from '../../admin/sms/read-sms-status.ts';
import { PROBLEM_RESPONSES } from './admin-route-dependencies.ts';
import type { AdminRouteDependencies } from './admin-route-dependencies.ts';

/** The event's receipts by text, for managers (who see attendees' phones already). */
export function registerSmsRoutes(app: FastifyInstance, deps: AdminRouteDependencies) {
  const { db } = deps;
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { onRequest, security } = eventRoleGuard(db, 'manager');

  api.get(
    EVENT_SMS_PATH,
    {
      onRequest,
      schema: {
        summary:
          "The event's texts by state, the SMS provider's breaker, the latest failures (manager)",
        tags: ['sms'],
        security,
        params: EventParams,
        response: { 200: SmsStatus, ...PROBLEM_RESPONSES },
      },
    },
    (request) => readSmsStatus(db, eventOf(request).eventId),
  );
}
