import type { Failure } from '@tabline/domain';
import type { TransportFailure } from '../sync-transport.ts';

/**
 * Why a sync or a pull stopped early:
 * - a `TransportFailure`: no usable answer from the server;
 * - `storage`: the device's local database failed (`storage.failed`);
 * - `aborted`: the caller's signal fired before a request was sent, or the
 *   engine was closed while a request was in flight.
 * Work items stay queued in every case.
 */
export type SyncError =
  | TransportFailure
  | { readonly kind: 'storage'; readonly code: Failure['code']; readonly message: string }
  | { readonly kind: 'aborted'; readonly message: string };

export interface SyncReport {
  /** Push requests made. */
  readonly requests: number;
  /** Work items sent, counting those of a request that got no answer. */
  readonly pushed: number;
  /** Work items the server accepted: deleted from the outbox, orders synced. */
  readonly accepted: number;
  /** Work items the server refused: parked in the dead-letter table. */
  readonly rejected: number;
  /** Work items still queued at the end; null if the database could not be read. */
  readonly remaining: number | null;
  /** Why the sync stopped early, or null if it pushed all it could. */
  readonly error: SyncError | null;
}

export function storageSyncError(storageFailure: Failure): SyncError {
  return { kind: 'storage', code: storageFailure.code, message: storageFailure.message };
}

export const ENGINE_CLOSED_ERROR: SyncError = {
  kind: 'aborted',
  message: 'The engine was closed during the request.',
};

export const CALLER_ABORTED_ERROR: SyncError = {
  kind: 'aborted',
  message: 'The caller aborted before the next request.',
};

/** One line for people, such as `http 503 server.unavailable: Try again shortly.` */
export function describeSyncError(error: SyncError): string {
  const status = 'status' in error && error.status !== undefined ? ` ${error.status}` : '';
  const code = 'code' in error && error.code !== undefined ? ` ${error.code}` : '';
  return `${error.kind}${status}${code}: ${error.message}`;
}
