import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database, SqlClient, Transaction } from '@tabline/database';
import { UUID_PATTERN } from '@tabline/domain';
import { IDEMPOTENCY_KEY_HEADER, IDEMPOTENT_REPLAYED_HEADER } from '@tabline/protocol';
import { staffOf } from '../../auth/staff-auth.ts';
import { createOnce } from '../../admin/create-once.ts';
import type { CreateKey } from '../../admin/create-once.ts';
import { requestHash } from '../../ingest/request-hash.ts';
import { ProblemError } from '../../problem-error.ts';

const KEY = new RegExp(UUID_PATTERN);

/**
 * Runs a create of the admin API (at most once per Idempotency-Key, see
 * `createOnce`) and answers 201 with what it created. With a key, the answer
 * says whether it is a replay (`Idempotent-Replayed`).
 */
export async function replyCreated<T>(
  db: Database,
  request: FastifyRequest,
  reply: FastifyReply,
  created: {
    id: string;
    create: (tx: Transaction, id: string) => Promise<T>;
    read: (db: SqlClient, id: string) => Promise<T>;
  },
) {
  const key = createKeyOf(request);
  const outcome = await createOnce(
    db,
    key,
    created.id,
    (tx) => created.create(tx, created.id),
    created.read,
  );
  if (key !== null) reply.header(IDEMPOTENT_REPLAYED_HEADER, String(outcome.replayed));
  return reply.code(201).send(outcome.value);
}

/**
 * The request's Idempotency-Key, scoped by the caller, with the fingerprint
 * of the route, its parameters and its body; null without one.
 */
function createKeyOf(request: FastifyRequest): CreateKey | null {
  const key = request.headers[IDEMPOTENCY_KEY_HEADER];
  if (key === undefined) return null;
  if (typeof key !== 'string' || !KEY.test(key)) {
    throw new ProblemError('request.invalid', 'The Idempotency-Key must be a lower-case UUID.', {
      errors: [
        { path: `/headers/${IDEMPOTENCY_KEY_HEADER}`, message: 'must be a lower-case UUID' },
      ],
    });
  }
  return {
    userId: staffOf(request).userId,
    key,
    requestHash: requestHash({
      route: `${request.method} ${request.routeOptions.url ?? ''}`,
      params: request.params,
      body: request.body,
    }),
  };
}
