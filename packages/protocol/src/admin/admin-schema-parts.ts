import Type from 'typebox';
import type { Static, TSchema } from 'typebox';
import { NAME_LENGTH_MAX } from '@tabline/domain';
import { Id } from '../schema-parts.ts';
import { ADMIN_PAGE_ITEMS_MAX } from './admin-limits.ts';

/**
 * A name people type in the admin API (event, location, category, product,
 * attendee, staff): 1 to NAME_LENGTH_MAX characters, at least one of them
 * not a space, no control characters (PostgreSQL text cannot hold NUL, and
 * a line break in a menu name is a mistake). The server trims it.
 */
export const NameInput = Type.String({
  minLength: 1,
  maxLength: NAME_LENGTH_MAX,
  // No lookahead, so generators of test inputs (fast-check) can read it.
  pattern: '^[^\\u0000-\\u001F\\u007F]*[^\\s\\u0000-\\u001F\\u007F][^\\u0000-\\u001F\\u007F]*$',
});

/** 1 to 500, as a query string (validation never coerces types). */
export const PageLimit = Type.String({
  pattern: '^([1-9][0-9]?|[1-4][0-9]{2}|500)$',
  description: `Most records in the page, 1 to ${ADMIN_PAGE_ITEMS_MAX}.`,
});

/** A page of a list: `after` is the `nextAfter` of the page before. */
export const PageQuery = Type.Object(
  {
    limit: Type.Optional(PageLimit),
    after: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type PageQuery = Static<typeof PageQuery>;

/**
 * A page of records in id order. `nextAfter` is the id to ask for the next
 * page with, or null on the last page.
 */
export function Page<T extends TSchema>(item: T) {
  return Type.Object(
    {
      items: Type.Array(item, { maxItems: ADMIN_PAGE_ITEMS_MAX }),
      nextAfter: Type.Union([Id, Type.Null()]),
    },
    { additionalProperties: false },
  );
}

/**
 * Headers of a create: an optional Idempotency-Key (a UUID the client makes
 * once per create and sends again with every retry of it).
 */
export const CreateHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      maxLength: 64,
      description:
        'A UUID made by the client, one per create: a retry with it gets the record the first request created.',
    }),
  ),
});
