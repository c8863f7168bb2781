/**
 * The Node platform for the behaviour tests: `node:sqlite`, the store's
 * files on the file system, and raw access to them through `node:fs`.
 */
import {
  appendFileSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  STATEMENT_CACHE_SIZE_MAX,
  createFileBacklogExporter,
  createNodeStoreFiles,
  openNodeSqliteDatabase,
  openNodeSqliteDatabaseReadOnly,
} from '../../../src/node/index.ts';
import type { SqliteAdapter, TestFiles } from '../test-platform.ts';

export const NODE_FILES: TestFiles = {
  makeTempDir: () => mkdtempSync(join(tmpdir(), 'tabline-pos-')),
  removeTree: (dir) => rmSync(dir, { recursive: true, force: true }),
  mkdir: (dir) => mkdirSync(dir, { recursive: true }),
  exists: (path) => existsSync(path),
  read: (path) => new Uint8Array(readFileSync(path)),
  write: (path, content) => writeFileSync(path, content),
  append: (path, content) => appendFileSync(path, content),
  truncate: (path, length) => truncateSync(path, length),
  size: (path) => statSync(path).size,
  remove: (path) => rmSync(path, { force: true }),
  copy: (from, to) => copyFileSync(from, to),
  identity: (path) => `inode ${statSync(path).ino}`,
};

export const NODE_ADAPTER: SqliteAdapter = {
  name: 'node:sqlite',
  statementCacheSizeMax: STATEMENT_CACHE_SIZE_MAX,
  open: (path) => openNodeSqliteDatabase(path),
  openReadOnly: (path) => openNodeSqliteDatabaseReadOnly(path),
  storeFiles: (path) => createNodeStoreFiles(path),
  backlogExporter: (path) => createFileBacklogExporter(path),
  files: NODE_FILES,
};
