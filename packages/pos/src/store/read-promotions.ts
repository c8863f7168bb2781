import type { Promotion } from '@tabline/domain';
import type { SqliteDatabase } from '../sqlite-database.ts';

/**
 * Every promotion the last pull gave, as the pricing code takes them (it
 * decides which apply at the order's time). A few hundred at most
 * (PROMOTIONS_PER_EVENT_MAX), so reading them all per order is cheap.
 */
export function readPromotions(db: SqliteDatabase): Promotion[] {
  return db
    .all<{ definition: string }>('SELECT definition FROM promotions ORDER BY id')
    .map((row) => JSON.parse(row.definition) as Promotion);
}
