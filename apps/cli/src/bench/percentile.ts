/** The p-th percentile (0..100) of some samples, nearest-rank. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export const round = (value: number, digits = 2) => Number(value.toFixed(digits));

/** The median: the middle sample, or the mean of the middle two when the count is even. */
export function median(samples: readonly number[]): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * The middle one of an odd number of rounds, by `by` (the figure the rounds
 * are compared on), so that every figure reported comes from one round.
 */
export function medianRound<T>(rounds: readonly T[], by: (round: T) => number): T {
  if (rounds.length % 2 === 0) throw new Error('the median round of an even number of rounds');
  return [...rounds].sort((a, b) => by(a) - by(b))[Math.floor(rounds.length / 2)]!;
}
