/**
 * The POS engine's public API, free of Node built-ins: it runs in Node and in
 * a browser Web Worker alike. Node's SQLite adapter is in `@tabline/pos/node`.
 */
export * from './http-sync-transport.ts';
export * from './in-transaction.ts';
export * from './migrations/migrate-database.ts';
export * from './migrations/migration.ts';
export * from './migrations/migrations.ts';
export * from './orders/place-order-input.ts';
export * from './pos-engine-options.ts';
export * from './pos-engine.ts';
export * from './pull/pull-report.ts';
export * from './sqlite-database.ts';
export * from './sqlite-error.ts';
export * from './sync-transport.ts';
export * from './sync/sync-report.ts';
export * from './views/list-queue.ts';
export * from './views/list-recent-orders.ts';
export * from './views/list-rejected-items.ts';
export * from './views/read-device-info.ts';
export * from './views/read-menu.ts';
export * from './views/read-status.ts';
