import type { Promotion } from './promotion.ts';

/**
 * Promotions in the order they apply: priority descending, then id ascending.
 * Ids are unique, so this is a total order and the outcome does not depend on
 * the order promotions arrive in. Ids compare by UTF-16 code units, not
 * `localeCompare`, so every platform and locale sorts them the same way.
 */
export function inApplicationOrder(promotions: readonly Promotion[]): Promotion[] {
  return [...promotions].sort(compareApplicationOrder);
}

export function compareApplicationOrder(a: Promotion, b: Promotion): number {
  if (a.priority !== b.priority) return b.priority - a.priority;
  if (a.id === b.id) return 0;
  return a.id < b.id ? -1 : 1;
}
