import type { ResolvedPosEngineOptions } from '../pos-engine-options.ts';

/** What one sync or pull runs with. */
export interface SyncContext {
  readonly options: ResolvedPosEngineOptions;
  /** Fires when the caller aborts or the engine closes. */
  readonly signal: AbortSignal;
  /** True once the engine closed: its database must not be touched any more. */
  readonly isClosed: () => boolean;
}
