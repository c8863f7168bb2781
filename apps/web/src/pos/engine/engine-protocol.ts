/**
 * The messages between the POS page and the worker that runs its engine.
 * The engine runs in a dedicated Web Worker because SQLite's OPFS storage
 * (synchronous access handles) exists only there, and so that a long
 * integrity check at open or a sync never freezes the screen.
 *
 * The page calls engine methods by name (`EngineCall`); the worker answers
 * each with a `reply` carrying the method's own result (the engine's
 * refusals are values, so they travel as values), and pushes `status` and
 * `event` messages as the engine changes.
 */
import type { PosEngine, PosEvent, PosStatus, StoreOpenReport } from '@tabline/pos';

/** What the page may call: the engine's API less what only the worker does (open, close, subscribe). */
export const ENGINE_METHODS = [
  'placeOrder',
  'quoteOrder',
  'activePromotions',
  'adjustOrder',
  'approvers',
  'syncNow',
  'pull',
  'status',
  'recentOrders',
  'rejectedItems',
  'queue',
  'menu',
  'deviceInfo',
  'signOut',
  'setOnline',
] as const satisfies readonly (keyof PosEngine)[];

export type EngineMethod = (typeof ENGINE_METHODS)[number];

export type EngineResult<M extends EngineMethod> = Awaited<ReturnType<PosEngine[M]>>;

export type EngineCall = {
  [M in EngineMethod]: {
    readonly type: 'call';
    readonly id: number;
    readonly method: M;
    readonly args: Parameters<PosEngine[M]>;
  };
}[EngineMethod];

/** The first message: which store to open, and the credentials its transport sends. */
export interface OpenEngine {
  readonly type: 'open';
  readonly storeName: string;
  readonly deviceToken: string;
  /** The API's origin: the page's own. */
  readonly baseUrl: string;
  readonly online: boolean;
}

export type PageMessage = OpenEngine | EngineCall;

export type WorkerMessage =
  | { readonly type: 'opened'; readonly report: StoreOpenReport }
  /** Opening failed: the store could not be opened or checked (a bug or a browser without OPFS). */
  | { readonly type: 'open-failed'; readonly message: string }
  | { readonly type: 'reply'; readonly id: number; readonly ok: true; readonly value: unknown }
  /** The call threw: a bug or a closed engine, never an expected refusal. */
  | { readonly type: 'reply'; readonly id: number; readonly ok: false; readonly message: string }
  | { readonly type: 'status'; readonly status: PosStatus }
  | { readonly type: 'event'; readonly event: PosEvent }
  /** A pull ended: the menu, promotions or wristband list may have changed. */
  | { readonly type: 'pulled' };

/** What the page's listeners hear. */
export type EngineNotice =
  | { readonly type: 'status' }
  | { readonly type: 'event'; readonly event: PosEvent }
  | { readonly type: 'pulled' };
