/**
 * The POS engine's Node entry: the `node:sqlite` adapter, the store's files
 * and journal on the file system, the backlog exporter, and a ready-made
 * engine.
 */
export * from './node-backlog-exporter.ts';
export * from './node-journal-file.ts';
export * from './node-sqlite-database.ts';
export * from './node-store-files.ts';
export * from './open-node-pos-engine.ts';
