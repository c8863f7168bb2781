import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  CSV_MEDIA_TYPE,
  CsvFile,
  EVENT_ORDERS_CSV_PATH,
  EVENT_TABS_CSV_PATH,
  EventParams,
} from '@tabline/protocol';
import { eventOf, eventRoleGuard } from '../../auth/staff-auth.ts';
import { ordersCsv } from '../../admin/exports/orders-csv.ts';
import { tabsCsv } from '../../admin/exports/tabs-csv.ts';
import { PROBLEM_RESPONSES } from './admin-route-dependencies.ts';
import type { AdminRouteDependencies } from './admin-route-dependencies.ts';

/**
 * The event's orders and tabs as CSV files, for managers (who may read every
 * order and tab one by one). The file is streamed batch by batch as the
 * client reads it; a failure part-way cuts the connection, so a client never
 * takes a short file for a whole one.
 */
export function registerExportRoutes(app: FastifyInstance, deps: AdminRouteDependencies) {
  const { db } = deps;
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { onRequest, security } = eventRoleGuard(db, 'manager');
  const exports = [
    { path: EVENT_ORDERS_CSV_PATH, what: 'orders', lines: ordersCsv },
    { path: EVENT_TABS_CSV_PATH, what: 'tabs', lines: tabsCsv },
  ] as const;

  for (const { path, what, lines } of exports) {
    api.get(
      path,
      {
        onRequest,
        schema: {
          summary: `The event's ${what} as a CSV file (manager)`,
          tags: ['exports'],
          security,
          params: EventParams,
          response: {
            200: {
              description: `The ${what}, one per line.`,
              content: { 'text/csv': { schema: CsvFile } },
            },
            ...PROBLEM_RESPONSES,
          },
        },
      },
      (request, reply) => {
        const { eventId } = eventOf(request);
        sendCsv(reply, `tabline-${eventId}-${what}.csv`, lines(db, eventId));
      },
    );
  }
}

function sendCsv(reply: FastifyReply, filename: string, lines: AsyncGenerator<string>): void {
  void reply
    .type(CSV_MEDIA_TYPE)
    .header('content-disposition', `attachment; filename="${filename}"`)
    .header('cache-control', 'no-store')
    .send(Readable.from(withByteOrderMark(lines)));
}

/**
 * The file starts with UTF-8's byte-order mark: Excel, where most organisers
 * open it, reads a CSV without one in the machine's legacy code page, and
 * "Crème brûlée" or a guest's name comes out garbled. Spreadsheets and
 * CSV libraries that know UTF-8 skip it.
 */
async function* withByteOrderMark(lines: AsyncGenerator<string>): AsyncGenerator<string> {
  yield '\uFEFF';
  yield* lines;
}
