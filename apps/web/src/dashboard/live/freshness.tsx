import { STALE_AFTER_MS } from './live-query-options.ts';
import { formatDuration } from '../ui/format.ts';
import { useNow } from '../ui/use-now.ts';

/** The parts of a query's state that say how fresh its figures are. */
export interface LiveState {
  readonly dataUpdatedAt: number;
  readonly failureCount: number;
  readonly failureReason: Error | null;
  readonly error: Error | null;
}

/**
 * - live: updated within STALE_AFTER_MS;
 * - stale: not updated for longer (the tab was hidden, a poll is slow);
 * - failing: the last try failed; what is shown is as old as it says;
 * - loading: nothing to show yet.
 */
export type FreshnessLevel = 'live' | 'stale' | 'failing' | 'loading';

export interface FreshnessState {
  readonly level: FreshnessLevel;
  /** When the oldest of the figures was fetched (epoch ms), 0 before the first. */
  readonly updatedAt: number;
  readonly failure: Error | null;
  readonly now: number;
}

/** How fresh the figures of a page are, re-read every second. */
export function useFreshness(queries: readonly LiveState[]): FreshnessState {
  const now = useNow();
  const updatedAt = Math.min(...queries.map((query) => query.dataUpdatedAt));
  const failure =
    queries
      .map((query) => (query.failureCount > 0 ? query.failureReason : query.error))
      .find((error) => error !== null) ?? null;
  return { level: levelOf(updatedAt, now, failure), updatedAt, failure, now };
}

/** True when the figures on screen should be shown as out of date. */
export function isOutOfDate(freshness: FreshnessState): boolean {
  return freshness.level === 'stale' || freshness.level === 'failing';
}

/**
 * Says how fresh the figures of a page are: live and updated seconds ago,
 * stale, or failing with the reason. Only the level is announced to screen
 * readers; the ticking age is not.
 */
export function Freshness(props: { readonly freshness: FreshnessState }) {
  const { level, updatedAt, failure, now } = props.freshness;
  return (
    <div className={`freshness freshness-${level}`} data-testid="freshness">
      <span className="freshness-dot" aria-hidden="true" />
      <span role="status">{LABELS[level]}</span>
      {updatedAt > 0 ? (
        <span className="freshness-age">updated {formatDuration(now - updatedAt)} ago</span>
      ) : null}
      {failure ? <span className="freshness-reason">{failure.message} Retrying…</span> : null}
    </div>
  );
}

const LABELS: Record<FreshnessLevel, string> = {
  live: 'Live',
  stale: 'Stale',
  failing: 'Connection problem',
  loading: 'Loading',
};

function levelOf(updatedAt: number, now: number, failure: Error | null): FreshnessLevel {
  if (failure !== null) return 'failing';
  if (updatedAt === 0) return 'loading';
  return now - updatedAt > STALE_AFTER_MS ? 'stale' : 'live';
}
