import type { FastifyInstance } from 'fastify';

/**
 * Every route the server answers, as `METHOD /path/:param`, read from
 * Fastify's own route tree (`printRoutes`), so a route left out of the
 * OpenAPI document (`hide: true`) is still seen. HEAD routes Fastify adds
 * for each GET are left out.
 */
export function listRoutes(app: FastifyInstance): string[] {
  const routes: string[] = [];
  const parents: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    // `│   └── /current (DELETE)`: four characters of tree per level, then the
    // segment (appended to its parents'), then the methods, if it has any.
    const match = /^([│ ├└─]*)(\S.*?)(?: \(([A-Z, ]+)\))?$/u.exec(line);
    if (!match) continue;
    parents.length = Math.max(0, match[1]!.length / 4 - 1);
    const path = parents.join('') + match[2]!;
    parents.push(match[2]!);
    for (const method of match[3]?.split(', ') ?? []) {
      if (method !== 'HEAD') routes.push(`${method} ${path}`);
    }
  }
  return routes;
}
