import type { FastifyInstance } from 'fastify';
import { sendProblem } from './problem.ts';

/** Retry-After of a request refused because this process is shutting down. */
export const SHUTDOWN_RETRY_AFTER_SECONDS = 1;

/**
 * Graceful shutdown, started by `app.close()`:
 *
 * 1. the listener stops accepting connections and idle keep-alive
 *    connections are closed (Fastify and Node do this);
 * 2. a request that still arrives, on a connection busy at that moment, is
 *    answered 503 `server.unavailable` with Retry-After and
 *    `Connection: close`, so the client retries, through the load balancer,
 *    on another instance (Fastify's own `return503OnClosing` answer is not a
 *    problem document, so it is off and this hook does it);
 * 3. requests in flight finish, and their connections close after the
 *    answer;
 * 4. after `graceMs`, connections still open are cut. A request cut there
 *    either committed or not, as a lost response; the device retries with
 *    the same keys and gets the stored answer.
 *
 * `close()` resolves once every connection is closed; the caller then stops
 * the workers and closes the database.
 */
export function registerGracefulShutdown(
  app: FastifyInstance,
  graceMs: number,
  onRefused: () => void,
): void {
  let closing = false;
  let cutTimer: NodeJS.Timeout | undefined;
  app.addHook('onRequest', async (_request, reply) => {
    if (!closing) return;
    onRefused();
    reply.header('connection', 'close');
    reply.header('retry-after', String(SHUTDOWN_RETRY_AFTER_SECONDS));
    return sendProblem(reply, 'server.unavailable', 'This server is shutting down; retry.');
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });
  app.addHook('preClose', (done) => {
    closing = true;
    cutTimer = setTimeout(() => app.server.closeAllConnections(), graceMs);
    cutTimer.unref();
    done();
  });
  app.addHook('onClose', (_instance, done) => {
    clearTimeout(cutTimer);
    done();
  });
}
