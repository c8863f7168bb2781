/**
 * What the engine's behaviour tests need of a platform, so that the same
 * test files run in Node and in a browser (`adapters.ts` picks one): the
 * SQLite adapter and the store's files, plus raw access to those files,
 * named as on Node, for tests that copy, damage or inspect them.
 */
import type { BacklogExporter, SqliteDatabase, StoreFiles } from '../../src/index.ts';

export interface SqliteAdapter {
  readonly name: string;
  /** The most prepared statements a connection keeps. */
  readonly statementCacheSizeMax: number;
  /** Opens (or creates) the database file at `path`. */
  open(path: string): SqliteDatabase;
  /** Opens the database file at `path` read-only, as it is. */
  openReadOnly(path: string): SqliteDatabase;
  /** The store's files for a database at `path`. */
  storeFiles(path: string): StoreFiles;
  /** An exporter writing a new file at `path`, never overwriting one. */
  backlogExporter(path: string): BacklogExporter;
  readonly files: TestFiles;
}

/**
 * A store's files as bytes: `<store>`, `<store>-wal`, `<store>.journal`
 * (the journal's content), `<quarantine folder>/<name>`, and plain files
 * (exports). Missing files read as errors, and are removed without one.
 */
export interface TestFiles {
  /** A new, empty directory for one test. */
  makeTempDir(): string;
  /** Removes a directory and everything in it, closing what a test left open there. */
  removeTree(dir: string): void;
  mkdir(dir: string): void;
  exists(path: string): boolean;
  read(path: string): Uint8Array;
  write(path: string, content: Uint8Array | string): void;
  append(path: string, content: Uint8Array | string): void;
  truncate(path: string, length: number): void;
  size(path: string): number;
  remove(path: string): void;
  copy(from: string, to: string): void;
  /**
   * Changes when a journal is replaced as a whole rather than appended to:
   * its inode on Node, its generation in the browser.
   */
  identity(path: string): string;
}

/** A file's content as UTF-8 text. */
export function readText(files: TestFiles, path: string): string {
  return new TextDecoder().decode(files.read(path));
}

/** Joins path segments with `/`, the separator on Node (on Linux and macOS) and in the browser. */
export function joinPath(...segments: string[]): string {
  return segments.join('/').replace(/\/{2,}/g, '/');
}
