import type { ApiClient } from './api-client.ts';

/** The most records one page of an admin list may hold (ADMIN_PAGE_ITEMS_MAX). */
export const PAGE_ITEMS_MAX = 500;

export interface Listed<T> {
  readonly items: T[];
  /** True when there were more than `itemsMax` and the rest were not read. */
  readonly truncated: boolean;
}

/**
 * Reads a paged admin list (`items`, `nextAfter`) page by page, up to
 * `itemsMax` records: a limit, so a huge event cannot make the dashboard
 * read without end. `path` may carry a query string of its own.
 */
export async function listAllPages<T>(
  api: ApiClient,
  path: string,
  options: { readonly itemsMax: number; readonly signal?: AbortSignal },
): Promise<Listed<T>> {
  const items: T[] = [];
  let after: string | null = null;
  const separator = path.includes('?') ? '&' : '?';
  do {
    const query = `limit=${PAGE_ITEMS_MAX}${after === null ? '' : `&after=${after}`}`;
    const page: { items: T[]; nextAfter: string | null } = await api.request(
      'GET',
      `${path}${separator}${query}`,
      options.signal ? { signal: options.signal } : {},
    );
    items.push(...page.items);
    after = page.nextAfter;
  } while (after !== null && items.length < options.itemsMax);
  return { items: items.slice(0, options.itemsMax), truncated: after !== null };
}
