import { inTransaction } from '../in-transaction.ts';
import { DEVICE_STATE } from '../integrity/sealed-tables.ts';
import type { SqliteDatabase } from '../sqlite-database.ts';
import { recordCommit } from './record-commit.ts';
import { resealRow } from './reseal-row.ts';

/**
 * What a reset or a sign-out clears, in one transaction:
 * - `sales`: orders and their items, voids and refunds, the outbox, rejected
 *   and withdrawn items;
 * - `device`: also the catalog (promotions and wristband list included), the
 *   approving managers and the device's identity (the last pull), so the
 *   engine refuses orders until it is paired and pulls again, and a device
 *   paired to another event keeps nothing of this one's.
 * The seq numbering goes on (store_state and sqlite_sequence keep it): a
 * seq is never handed out twice by this store. The PIN attempt lockout
 * (`pin_lockout`) stays too: the guards let a cashier reset or sign out a
 * device whose outbox is empty, and that must not buy fresh PIN tries.
 * Only erasing the store forgets it, with everything else.
 */
export function clearLocalData(db: SqliteDatabase, scope: 'sales' | 'device'): void {
  inTransaction(db, () => {
    db.exec(`DELETE FROM outbox; DELETE FROM rejected_items; DELETE FROM withdrawn_items;
             DELETE FROM adjustments; DELETE FROM order_items; DELETE FROM orders;`);
    if (scope === 'device') {
      db.exec(`DELETE FROM products; DELETE FROM categories; DELETE FROM promotions;
               DELETE FROM wristbands; DELETE FROM approvers;
               UPDATE device_state SET event_id = NULL, event_name = NULL, currency = NULL,
                 time_zone = NULL, device_id = NULL, device_name = NULL, location_id = NULL,
                 catalog_cursor = NULL, catalog_pulled_at = NULL, last_sync_at = NULL,
                 last_sync_error = NULL
               WHERE id = 1;`);
      resealRow(db, DEVICE_STATE, [1]);
    }
    recordCommit(db);
  });
}
