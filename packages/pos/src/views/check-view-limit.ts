import { assert } from '@tabline/domain';
import { VIEW_ROWS_MAX } from '../pos-engine-options.ts';

/** A view's row count is a whole number from 1 to VIEW_ROWS_MAX. */
export function checkViewLimit(limit: number): number {
  assert(Number.isInteger(limit) && limit >= 1 && limit <= VIEW_ROWS_MAX, `view limit ${limit}`);
  return limit;
}
