/**
 * The Node platform for the behaviour tests: `node:sqlite`, the store's
 * files on the file system, and raw access to them through `node:fs`. A
 * journal's content is its bytes up to the zeros the engine writes ahead of
 * its records (`node/node-journal-file.ts`): tests read, measure and extend
 * that content, as they do on the browser's journal files.
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
  JOURNAL_SUFFIX,
  STATEMENT_CACHE_SIZE_MAX,
  createFileBacklogExporter,
  createNodeStoreFiles,
  openNodeSqliteDatabase,
  openNodeSqliteDatabaseReadOnly,
} from '../../../src/node/index.ts';
import type { SqliteAdapter, TestFiles } from '../test-platform.ts';

const isJournal = (path: string) => path.endsWith(JOURNAL_SUFFIX);

/** A file's bytes; a journal's up to the zeros made ahead of its records. */
function read(path: string): Uint8Array {
  const bytes = new Uint8Array(readFileSync(path));
  if (!isJournal(path)) return bytes;
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  return bytes.subarray(0, end);
}

export const NODE_FILES: TestFiles = {
  makeTempDir: () => mkdtempSync(join(tmpdir(), 'tabline-pos-')),
  removeTree: (dir) => rmSync(dir, { recursive: true, force: true }),
  mkdir: (dir) => mkdirSync(dir, { recursive: true }),
  exists: (path) => existsSync(path),
  read,
  write: (path, content) => writeFileSync(path, content),
  append(path, content) {
    if (!isJournal(path)) return appendFileSync(path, content);
    const added = typeof content === 'string' ? new TextEncoder().encode(content) : content;
    writeFileSync(path, Buffer.concat([read(path), added]));
  },
  truncate: (path, length) => truncateSync(path, length),
  size: (path) => (isJournal(path) ? read(path).length : statSync(path).size),
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
