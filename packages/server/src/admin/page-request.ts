import { ADMIN_PAGE_ITEMS_DEFAULT } from '@tabline/protocol';
import type { PageQuery } from '@tabline/protocol';

/**
 * One page of an admin list, in id order (keyset paging: a page costs the
 * same however deep it is, and a record added meanwhile is neither skipped
 * nor repeated).
 */
export interface PageRequest {
  readonly limit: number;
  /** Records with ids after this one; null from the start. */
  readonly after: string | null;
}

export interface Page<T> {
  readonly items: T[];
  readonly nextAfter: string | null;
}

export function readPageQuery(query: PageQuery): PageRequest {
  return {
    limit: query.limit === undefined ? ADMIN_PAGE_ITEMS_DEFAULT : Number(query.limit),
    after: query.after ?? null,
  };
}

/**
 * The page from rows read with `limit + 1`: the extra row only says that
 * more remain.
 */
export function toPage<T extends { id: string }>(rows: T[], page: PageRequest): Page<T> {
  const items = rows.slice(0, page.limit);
  return { items, nextAfter: rows.length > page.limit ? items.at(-1)!.id : null };
}
