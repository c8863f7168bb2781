/**
 * The tables whose every row carries a `row_checksum`: all the engine's own
 * tables. A byte flipped inside a row's content (an amount, a payload, a
 * price) is invisible to `PRAGMA integrity_check`, which only checks the
 * file's structure; the checksum makes it visible at open.
 *
 * Each entry lists the columns in checksum order. It is the one definition
 * that writing (`insertSealedRow`, `resealRow`), checking (`checkRowChecksums`)
 * and salvage (`salvageRows`) share, so they cannot drift apart. A migration
 * that adds a column to one of these tables updates the list here and sets
 * `store_state.sealed = 0`, so the next open reseals every row.
 */

export interface SealedTable {
  readonly name: string;
  /** Every column but `row_checksum`, in the order the checksum covers them. */
  readonly columns: readonly string[];
  /** The columns that find one row. */
  readonly key: readonly string[];
  /**
   * The order a scan walks the table in: the rowid for rowid tables (the
   * table's own b-tree order, the cheapest), the primary key otherwise.
   */
  readonly scanKey: readonly string[];
}

const sealed = (
  name: string,
  columns: readonly string[],
  key: readonly string[],
  scanKey: readonly string[] = ['rowid'],
): SealedTable => ({ name, columns, key, scanKey });

export const STORE_STATE = sealed(
  'store_state',
  ['id', 'schema_version', 'schema_checksum', 'commit_seq', 'last_seq', 'sealed'],
  ['id'],
);

export const DEVICE_STATE = sealed(
  'device_state',
  [
    'id',
    'event_id',
    'event_name',
    'currency',
    'time_zone',
    'device_id',
    'device_name',
    'location_id',
    'catalog_cursor',
    'catalog_pulled_at',
    'last_sync_at',
    'last_sync_error',
    'offline_spending_limit_cents',
    'offline_warning_seconds',
  ],
  ['id'],
);

export const CATEGORIES = sealed('categories', ['id', 'name', 'position', 'active'], ['id']);

export const PRODUCTS = sealed(
  'products',
  ['id', 'category_id', 'name', 'price_cents', 'position', 'active'],
  ['id'],
);

export const PROMOTIONS = sealed('promotions', ['id', 'definition'], ['id']);

export const WRISTBANDS = sealed(
  'wristbands',
  ['uid', 'status', 'tier', 'tab_limit_cents'],
  ['uid'],
);

export const APPROVERS = sealed(
  'approvers',
  ['staff_user_id', 'name', 'pin_key_id', 'salt_hex', 'iterations', 'verifier_hex'],
  ['staff_user_id'],
);

export const PIN_LOCKOUT = sealed(
  'pin_lockout',
  ['id', 'wrong_pins_in_row', 'lockouts', 'locked_until'],
  ['id'],
);

export const ORDERS = sealed(
  'orders',
  [
    'id',
    'wristband_uid',
    'location_id',
    'currency',
    'total_cents',
    'placed_at',
    'catalog_version',
    'sync_state',
    'server_received_at',
    'server_flags',
    'rejection_code',
    'rejection_message',
  ],
  ['id'],
);

export const ORDER_ITEMS = sealed(
  'order_items',
  [
    'order_id',
    'line_no',
    'product_id',
    'product_name',
    'unit_price_cents',
    'quantity',
    'category_id',
    'discount_cents',
    'promotion_ids',
  ],
  ['order_id', 'line_no'],
  ['order_id', 'line_no'],
);

export const OUTBOX = sealed(
  'outbox',
  [
    'seq',
    'idempotency_key',
    'kind',
    'order_id',
    'payload',
    'amount_cents',
    'created_at',
    'attempts',
    'last_attempt_at',
    'last_error',
  ],
  ['seq'],
);

export const REJECTED_ITEMS = sealed(
  'rejected_items',
  [
    'seq',
    'idempotency_key',
    'kind',
    'order_id',
    'payload',
    'amount_cents',
    'created_at',
    'attempts',
    'code',
    'message',
    'rejected_at',
  ],
  ['seq'],
);

export const WITHDRAWN_ITEMS = sealed(
  'withdrawn_items',
  [
    'seq',
    'idempotency_key',
    'kind',
    'order_id',
    'payload',
    'amount_cents',
    'created_at',
    'withdrawn_at',
    'reason',
  ],
  ['seq'],
);

export const ADJUSTMENTS = sealed(
  'adjustments',
  [
    'id',
    'seq',
    'order_id',
    'kind',
    'amount_cents',
    'reason',
    'approved_by',
    'placed_at',
    'status',
    'server_amount_cents',
    'server_received_at',
    'rejection_code',
    'rejection_message',
  ],
  ['id'],
);

/** Every sealed table, small ones first, so a damaged store is found early. */
export const SEALED_TABLES: readonly SealedTable[] = [
  STORE_STATE,
  DEVICE_STATE,
  CATEGORIES,
  PRODUCTS,
  PROMOTIONS,
  WRISTBANDS,
  APPROVERS,
  PIN_LOCKOUT,
  OUTBOX,
  REJECTED_ITEMS,
  WITHDRAWN_ITEMS,
  ADJUSTMENTS,
  ORDERS,
  ORDER_ITEMS,
];
