/**
 * The POS engine's browser entry, for a dedicated Web Worker: SQLite WASM
 * on the `opfs-sahpool` VFS, the store's journal and backlog exports on
 * OPFS, and a ready-made engine. Nothing here runs outside a Worker, and
 * nothing imports a Node built-in.
 */
export * from './browser-storage.ts';
export * from './concatenate-bytes.ts';
export * from './open-browser-pos-engine.ts';
export * from './opfs-backlog-exporter.ts';
export * from './opfs-journal-file.ts';
export * from './opfs-store-files.ts';
export * from './quarantine-archive.ts';
export * from './store-path.ts';
export * from './translate-opfs-errors.ts';
export * from './wasm-sqlite-database.ts';
