import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { bearerToken, hashToken } from '../auth/bearer-token.ts';
import { sendProblem } from '../problem.ts';
import { routeClassOf } from './route-class.ts';

/** At most `max` requests per `windowMs` (a fixed window that starts with the first request). */
export interface RateLimit {
  readonly max: number;
  readonly windowMs: number;
}

/** Each limit, or null for none. */
export interface RateLimits {
  readonly perDevice: RateLimit | null;
  readonly perAddress: RateLimit | null;
}

/**
 * Per device token (a staff session counts the same way): 20 requests a
 * second over 10 s. A POS pushes soon after each order and every 30 s with
 * its heartbeat, about one request a second at a busy bar; draining a
 * backlog in batches of 100 it gets 2,000 orders a second, a 100,000-order
 * backlog in under a minute. What it stops is one device (a bug in a loop, a
 * stolen token) taking the capacity of the others.
 */
export const RATE_LIMIT_PER_DEVICE: RateLimit = { max: 200, windowMs: 10_000 };

/**
 * Per client address (`request.ip`, which honours TRUST_PROXY): 300 requests
 * a second over 10 s. Every POS of a venue may sit behind one NAT address,
 * so this is far above what a whole event sends; it stops floods from one
 * address, with or without tokens, before they cost a database query.
 */
export const RATE_LIMIT_PER_ADDRESS: RateLimit = { max: 3_000, windowMs: 10_000 };

export const RATE_LIMITS_DEFAULT: RateLimits = {
  perDevice: RATE_LIMIT_PER_DEVICE,
  perAddress: RATE_LIMIT_PER_ADDRESS,
};

export type RateLimitName = keyof RateLimits;

interface Limiter {
  readonly name: RateLimitName;
  readonly applies: (request: FastifyRequest) => boolean;
  readonly check: ReturnType<FastifyInstance['createRateLimit']>;
}

/**
 * Counts requests in this process's memory (@fastify/rate-limit's store, an
 * LRU of 5,000 keys per limit), so with N API processes behind a load
 * balancer a client may get up to N times each limit. Checked in an
 * onRequest hook, before authentication and before the body is read: the
 * device limit is keyed by the SHA-256 of the bearer token, not the device
 * id, so that a refused request costs no database query. Health, readiness
 * and metrics are not limited. A refusal is 429 `request.rate_limited` with
 * Retry-After: the seconds until the window ends.
 */
export async function registerRateLimits(
  app: FastifyInstance,
  limits: RateLimits,
  onLimited: (name: RateLimitName) => void,
): Promise<void> {
  await app.register(rateLimit, { global: false });
  const limiters: Limiter[] = [];
  if (limits.perAddress) {
    limiters.push({
      name: 'perAddress',
      applies: () => true,
      // The library's default key: the address, an IPv6 one as its /64.
      check: app.createRateLimit(fixedWindow(limits.perAddress)),
    });
  }
  if (limits.perDevice) {
    limiters.push({
      name: 'perDevice',
      applies: (request) => bearerToken(request.headers.authorization) !== undefined,
      check: app.createRateLimit({ ...fixedWindow(limits.perDevice), keyGenerator: tokenKey }),
    });
  }
  app.addHook('onRequest', async (request, reply) => {
    if (routeClassOf(request) === 'exempt') return;
    for (const { name, applies, check } of limiters) {
      if (!applies(request)) continue;
      const result = await check(request);
      if (result.isAllowed || !result.isExceeded) continue;
      onLimited(name);
      reply.header('retry-after', String(Math.max(1, result.ttlInSeconds)));
      return sendProblem(
        reply,
        'request.rate_limited',
        refusal(name, result.max, result.timeWindow),
      );
    }
  });
}

const fixedWindow = (limit: RateLimit) => ({ max: limit.max, timeWindow: limit.windowMs });

/** The SHA-256 of the bearer token: the token itself never sits in memory longer than needed. */
function tokenKey(request: FastifyRequest): string {
  return hashToken(bearerToken(request.headers.authorization) ?? '').toString('base64url');
}

function refusal(name: RateLimitName, max: number, windowMs: number): string {
  const who = name === 'perDevice' ? 'this device' : 'this address';
  return `More than ${max} requests from ${who} in ${windowMs / 1000} s; retry after Retry-After.`;
}
