/**
 * The POS engine's public API, free of Node built-ins: it runs in Node and in
 * a browser Web Worker alike. Node's SQLite adapter and files are in
 * `@tabline/pos/node`.
 */
export * from './adjustments/adjust-order-input.ts';
export * from './faults/pos-engine-faults.ts';
export * from './file-storage-error.ts';
export * from './guards/backlog-exporter.ts';
export * from './guards/export-backlog.ts';
export * from './guards/guard-options.ts';
export * from './http-sync-transport.ts';
export * from './in-transaction.ts';
export * from './integrity/crc32.ts';
export * from './integrity/store-problem.ts';
export * from './journal/journal-file.ts';
export * from './journal/journal-record.ts';
export * from './journal/work-item-journal.ts';
export * from './migrations/migrate-database.ts';
export * from './migrations/migration.ts';
export * from './migrations/migrations.ts';
export * from './open-pos-store.ts';
export * from './orders/place-order-input.ts';
export type { OrderQuote, QuoteOrderInput, QuotedWristband } from './orders/quote-order.ts';
export * from './pos-engine-options.ts';
export * from './pos-engine.ts';
export * from './pull/pull-report.ts';
export type {
  DatabaseSalvage,
  JournalSalvage,
  RebuildResult,
  RestoredWork,
} from './recovery/rebuild-store.ts';
export type { RecoveryReport } from './recovery/recover-store.ts';
export type { RestoredPinLockout } from './recovery/restore-pin-lockout.ts';
export type { SalvageTally } from './recovery/salvage-rows.ts';
export * from './scheduler.ts';
export * from './sqlite-database.ts';
export * from './sqlite-error.ts';
export * from './start-pos-engine.ts';
export * from './store-files.ts';
export * from './store-open-report.ts';
export * from './sync-transport.ts';
export * from './sync/retry-policy.ts';
export * from './sync/sync-loop.ts';
export * from './sync/sync-report.ts';
export * from './views/list-approvers.ts';
export * from './views/list-queue.ts';
export * from './views/list-recent-orders.ts';
export * from './views/list-rejected-items.ts';
export type { AdjustmentStatus, OrderAdjustment } from './views/order-adjustment.ts';
export type { WorkItemAdjustment } from './views/work-item-adjustment.ts';
export * from './views/read-device-info.ts';
export * from './views/read-menu.ts';
export * from './views/read-status.ts';
