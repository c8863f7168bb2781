import { STALE_AFTER_MS } from './live-query-options.ts';
import { formatDuration } from '../ui/format.ts';
import { useNow } from '../ui/use-now.ts';

/** The parts of a query's state that say how fresh its figures are. */
export interface LiveState {
  readonly dataUpdatedAt: number;
  readonly failureCount: number;
  readonly failureReason: Error | null;
  readonly isError: boolean;
  readonly error: Error | null;
}

type FreshnessLevel = 'live' | 'stale' | 'failing' | 'loading';

/**
 * Says how fresh the figures of a section are: live and updated seconds
 * ago, stale (not updated for STALE_AFTER_MS), or failing, with the reason
 * and the age of what is shown. Only the level is announced to screen
 * readers; the ticking age is not.
 */
export function Freshness(props: { readonly queries: readonly LiveState[] }) {
  const now = useNow();
  const updatedAt = Math.min(...props.queries.map((query) => query.dataUpdatedAt));
  const failure = props.queries
    .map((query) => (query.failureCount > 0 ? query.failureReason : query.error))
    .find((error) => error !== null);
  const level = levelOf(updatedAt, now, failure ?? null);
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
