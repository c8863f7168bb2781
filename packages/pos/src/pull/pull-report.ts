import type { SyncError } from '../sync/sync-report.ts';

export interface PullReport {
  /** Pages fetched from the server. */
  readonly pages: number;
  /** Records applied, by kind (0 when the pull failed). */
  readonly categories: number;
  readonly products: number;
  readonly promotions: number;
  readonly wristbands: number;
  /** Managers who can approve voids and refunds now (the whole list, replaced). */
  readonly approvers: number;
  /** The catalog cursor after the pull: unchanged when it failed. */
  readonly cursor: string | null;
  /** False when the server had more than pullPagesMax pages: pull again. */
  readonly complete: boolean;
  /** Why nothing was applied, or null. */
  readonly error: SyncError | null;
}
