import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { foldSalesChanges } from '@tabline/database';
import { EVENT_SALES_PATH, EventParams, EventSales } from '@tabline/protocol';
import { eventOf, eventRoleGuard } from '../../auth/staff-auth.ts';
import { readEventSales } from '../../admin/sales/read-event-sales.ts';
import { PROBLEM_RESPONSES } from './admin-route-dependencies.ts';
import type { AdminRouteDependencies } from './admin-route-dependencies.ts';

/**
 * The event's sales from its ledger, for the organiser's dashboard and the
 * simulator's checker. Managers may read the event's orders one by one, so
 * they may read their sum: the same role. Each read first folds the event's
 * latest sales changes into its rollups (a bounded step, skipped when
 * another read is folding), so a dashboard polling every few seconds keeps
 * what the read adds up short.
 */
export function registerSalesRoutes(app: FastifyInstance, deps: AdminRouteDependencies) {
  const { db } = deps;
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { onRequest, security } = eventRoleGuard(db, 'manager');

  api.get(
    EVENT_SALES_PATH,
    {
      onRequest,
      schema: {
        summary:
          "The event's sales from its ledger: totals, by location, product and hour (manager)",
        description:
          'Net is what tabs were charged less what voids and refunds took back: the sum of the ledger, to the cent. Orders not processed yet are counted in `pendingOrders` and carry no money.',
        tags: ['sales'],
        security,
        params: EventParams,
        response: { 200: EventSales, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => {
      const { eventId } = eventOf(request);
      await foldSalesChanges(db, eventId);
      return readEventSales(db, eventId);
    },
  );
}
