import type { FastifyInstance } from 'fastify';
import type { Database, JobQueue } from '@tabline/database';
import { sendProblem } from '../problem.ts';

/**
 * `/healthz` says the process is up and serving (it only listens once the
 * database is migrated and the queue started); `/readyz` also checks that
 * the database and the job queue answer, for load balancers.
 */
export function registerHealthRoutes(app: FastifyInstance, db: Database, jobs: JobQueue) {
  app.get('/healthz', { schema: { hide: true } }, () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await db.query('select 1');
      await jobs.boss.getQueue('process-order');
      return { status: 'ready' };
    } catch {
      return sendProblem(
        reply,
        'server.unavailable',
        'The database or the job queue is unreachable.',
      );
    }
  });
}
