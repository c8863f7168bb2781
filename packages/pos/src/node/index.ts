/** The POS engine's Node entry: the `node:sqlite` adapter and a ready-made engine. */
export * from './node-sqlite-database.ts';
export * from './open-node-pos-engine.ts';
