import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** The apps the API serves from the web build, each under its own path. */
export const WEB_APPS = ['pos', 'dashboard'] as const;

/**
 * Serves the built web apps (`apps/web/dist`) on the API's origin: the POS
 * at `/pos/`, the dashboard at `/dashboard/`, and the POS's service worker
 * at `/sw.js`. Same origin means no CORS and one address to open.
 *
 * Caching: files with a content hash in their name (`/assets/…`) never
 * change, so browsers keep them a year; pages, the service worker and its
 * precache list must be checked every time, or a tablet would keep an old
 * app after a deploy.
 */
export async function registerWebAppRoutes(app: FastifyInstance, root: string) {
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    index: ['index.html'],
    redirect: true,
    wildcard: true,
    cacheControl: false,
    schemaHide: true,
    setHeaders: (response, path) => {
      const hashed = /[/\\]assets[/\\]/.test(path);
      response.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  app.get('/', { schema: { hide: true } }, (_request, reply) => reply.redirect('/dashboard/'));
}
