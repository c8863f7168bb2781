/**
 * The sync engine's pull: fetches what changed in the catalog since the
 * stored cursor, page by page, then applies every page at once. Pages are
 * applied only when all of them arrived and passed their checks: a pull that
 * fails half-way changes nothing, and the next one starts from the same
 * cursor.
 */
import type { PullQuery, PullResponse } from '@tabline/protocol';
import { catchStorageFailure } from '../catch-storage-failure.ts';
import { applyPullPages } from '../store/apply-pull-pages.ts';
import { readDeviceState } from '../store/read-device-state.ts';
import type { SyncContext } from '../sync/sync-context.ts';
import type { SyncError } from '../sync/sync-report.ts';
import {
  CALLER_ABORTED_ERROR,
  ENGINE_CLOSED_ERROR,
  storageSyncError,
} from '../sync/sync-report.ts';
import { checkPullPage } from './check-pull-page.ts';
import type { PullReport } from './pull-report.ts';

type FetchOutcome =
  | { readonly kind: 'fetched'; readonly pages: PullResponse[]; readonly complete: boolean }
  | { readonly kind: 'failed'; readonly pages: number; readonly error: SyncError };

export async function pullCatalog(context: SyncContext): Promise<PullReport> {
  const { db, clock } = context.options;
  const start = catchStorageFailure(() => readDeviceState(db).catalogCursor);
  if (!start.ok) return failedPull(null, 0, storageSyncError(start.error));
  const fetched = await fetchPages(context, start.value);
  if (fetched.kind === 'failed') return failedPull(start.value, fetched.pages, fetched.error);
  const applied = catchStorageFailure(() => applyPullPages(db, fetched.pages, clock.now()));
  if (!applied.ok) {
    return failedPull(start.value, fetched.pages.length, storageSyncError(applied.error));
  }
  return {
    pages: fetched.pages.length,
    ...applied.value,
    cursor: fetched.pages.at(-1)?.cursor ?? start.value,
    complete: fetched.complete,
    error: null,
  };
}

async function fetchPages(context: SyncContext, startCursor: string | null): Promise<FetchOutcome> {
  const { transport, pullPagesMax, pullPageSize } = context.options;
  const pages: PullResponse[] = [];
  let cursor = startCursor;
  while (pages.length < pullPagesMax) {
    if (context.signal.aborted) return failedFetch(pages, CALLER_ABORTED_ERROR);
    const answer = await transport.pull(pullQuery(cursor, pullPageSize), context.signal);
    if (context.isClosed()) return failedFetch(pages, ENGINE_CLOSED_ERROR);
    const page = answer.ok ? checkPullPage(answer.value, cursor) : answer;
    if (!page.ok) return failedFetch(pages, page.error);
    pages.push(page.value);
    cursor = page.value.cursor;
    if (!page.value.hasMore) return { kind: 'fetched', pages, complete: true };
  }
  return { kind: 'fetched', pages, complete: false };
}

/** Query values travel as strings: the protocol's PullQuery says so. */
function pullQuery(cursor: string | null, pageSize: number): PullQuery {
  const limit = String(pageSize);
  return cursor === null ? { limit } : { cursor, limit };
}

function failedFetch(pages: readonly PullResponse[], error: SyncError): FetchOutcome {
  return { kind: 'failed', pages: pages.length, error };
}

function failedPull(cursor: string | null, pages: number, error: SyncError): PullReport {
  return {
    pages,
    categories: 0,
    products: 0,
    promotions: 0,
    wristbands: 0,
    approvers: 0,
    cursor,
    complete: false,
    error,
  };
}
