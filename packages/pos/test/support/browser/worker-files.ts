/**
 * The test Worker's raw access to a store's files, for tests that copy,
 * damage or inspect them, with Node's names for them:
 *
 *     <store>                 the database, in the SQLite pool (and <store>-wal)
 *     <store>.journal         the journal's content (whichever of its two
 *                             OPFS files holds it)
 *     <archive>/<name>        a file in a quarantine archive
 *     anything else           a plain OPFS file (a backlog export)
 *
 * Writing a pool file goes around the pool's `importDb`, which takes only
 * whole, valid databases (and rewrites two bytes of their header): damage
 * is neither. `writePoolFile` writes any bytes, in one write, through the
 * pool's own VFS methods, the way SQLite itself writes the file.
 */
import type { BrowserStorage } from '../../../src/browser/browser-storage.ts';
import { openFilesDirectory } from '../../../src/browser/browser-storage.ts';
import { concatenateBytes } from '../../../src/browser/concatenate-bytes.ts';
import type { JournalSlots } from '../../../src/browser/opfs-journal-file.ts';
import {
  JOURNAL_HEADER_BYTES,
  JOURNAL_SUFFIX,
  acquireJournalSlots,
  appendToJournal,
  eraseJournal,
  journalSize,
  readJournal,
  replaceJournal,
} from '../../../src/browser/opfs-journal-file.ts';
import {
  listQuarantinedFiles,
  readQuarantinedFile,
} from '../../../src/browser/quarantine-archive.ts';
import { splitStorePath } from '../../../src/browser/store-path.ts';

type Kind =
  | { readonly kind: 'archived'; readonly folder: string; readonly name: string }
  | { readonly kind: 'journal'; readonly store: string }
  | { readonly kind: 'pool' }
  | { readonly kind: 'plain' };

export function createWorkerFiles(storage: BrowserStorage) {
  const { pool } = storage;
  const inPool = (path: string) => pool.getFileNames().includes(path);
  const kindOf = (path: string): Kind => {
    const slash = path.lastIndexOf('/');
    const folder = path.slice(0, slash);
    if (slash > 0 && inPool(folder))
      return { kind: 'archived', folder, name: path.slice(slash + 1) };
    if (path.endsWith(JOURNAL_SUFFIX)) {
      return { kind: 'journal', store: path.slice(0, -JOURNAL_SUFFIX.length) };
    }
    return inPool(path) ? { kind: 'pool' } : { kind: 'plain' };
  };
  const journal = (store: string): Promise<JournalSlots> => acquireJournalSlots(storage, store);
  const plain = async (path: string, create: boolean) => {
    const [directories, name] = splitStorePath(path);
    const directory = await openFilesDirectory(storage, directories);
    try {
      return await directory.getFileHandle(name, { create });
    } catch (error) {
      if ((error as Error).name === 'NotFoundError') return null;
      throw error;
    }
  };
  const writePool = (path: string, bytes: Uint8Array) => {
    pool.unlink(path);
    writePoolFile(storage, path, bytes);
  };
  const writePlain = async (path: string, bytes: Uint8Array) => {
    const handle = await plain(path, true);
    const writable = await handle!.createWritable();
    await writable.write(bytes.slice());
    await writable.close();
  };

  const files = {
    async exists(path: string): Promise<boolean> {
      const kind = kindOf(path);
      switch (kind.kind) {
        case 'archived':
          return listQuarantinedFiles(storage, kind.folder).includes(kind.name);
        case 'journal':
          return (await journal(kind.store)).current !== null;
        case 'pool':
          return true;
        case 'plain':
          return (await plain(path, false)) !== null;
      }
    },
    async read(path: string): Promise<Uint8Array> {
      const kind = kindOf(path);
      switch (kind.kind) {
        case 'archived': {
          const bytes = readQuarantinedFile(storage, kind.folder, kind.name);
          if (bytes === null) throw new Error(`no such file: ${path}`);
          return bytes;
        }
        case 'journal':
          return concatenateBytes(readJournal(await journal(kind.store)));
        case 'pool':
          return pool.exportFile(path);
        case 'plain': {
          const handle = await plain(path, false);
          if (handle === null) throw new Error(`no such file: ${path}`);
          return new Uint8Array(await (await handle.getFile()).arrayBuffer());
        }
      }
    },
    async write(path: string, bytes: Uint8Array): Promise<void> {
      const kind = kindOf(path);
      switch (kind.kind) {
        case 'archived':
          throw new Error(`a quarantine archive is written whole: ${path}`);
        case 'journal':
          return writeJournalInPlace(await journal(kind.store), bytes);
        case 'pool':
          return writePool(path, bytes);
        case 'plain':
          return writePlain(path, bytes);
      }
    },
    async append(path: string, bytes: Uint8Array): Promise<void> {
      const kind = kindOf(path);
      if (kind.kind === 'journal') return appendToJournal(await journal(kind.store), bytes, true);
      const before = (await files.exists(path)) ? await files.read(path) : new Uint8Array();
      return files.write(path, concatenateBytes([before, bytes]));
    },
    async size(path: string): Promise<number> {
      const kind = kindOf(path);
      if (kind.kind === 'journal') return journalSize(await journal(kind.store));
      return (await files.read(path)).length;
    },
    async truncate(path: string, length: number): Promise<void> {
      return files.write(path, (await files.read(path)).slice(0, length));
    },
    async remove(path: string): Promise<void> {
      const kind = kindOf(path);
      switch (kind.kind) {
        case 'archived':
          throw new Error(`a quarantine archive is removed whole: ${path}`);
        case 'journal':
          return eraseJournal(await journal(kind.store));
        case 'pool':
          pool.unlink(path);
          return;
        case 'plain': {
          const [directories, name] = splitStorePath(path);
          if ((await plain(path, false)) === null) return;
          return (await openFilesDirectory(storage, directories)).removeEntry(name);
        }
      }
    },
    async copy(from: string, to: string): Promise<void> {
      const kind = kindOf(from);
      if (kind.kind === 'journal') {
        const bytes = await files.read(from);
        return replaceJournal(await journal(to.slice(0, -JOURNAL_SUFFIX.length)), [bytes]);
      }
      const bytes = await files.read(from);
      return kind.kind === 'pool' ? writePool(to, bytes) : writePlain(to, bytes);
    },
    /** Changes when the journal is replaced rather than appended to: its generation. */
    async identity(path: string): Promise<string> {
      const kind = kindOf(path);
      if (kind.kind !== 'journal') throw new Error(`only a journal has an identity here: ${path}`);
      return `generation ${(await journal(kind.store)).current?.generation ?? 0}`;
    },
  };
  return files;
}

/** Overwrites the journal's content where it is, as damage or a crash would: no new generation. */
function writeJournalInPlace(slots: JournalSlots, bytes: Uint8Array): void {
  if (slots.current === null) {
    replaceJournal(slots, [bytes]);
    return;
  }
  const handle = slots.handles[slots.current.index];
  const header = new Uint8Array(JOURNAL_HEADER_BYTES);
  handle.read(header, { at: 0 });
  handle.truncate(0);
  handle.write(header, { at: 0 });
  handle.write(bytes.slice(), { at: header.length });
  handle.flush();
}

type Method = (...args: (number | bigint)[]) => number;

/**
 * Creates `path` in the pool holding exactly `bytes`: the VFS's xOpen
 * (create, as a main database file, so the pool keeps it), then xTruncate
 * and one xWrite, called through their function pointers. (SQLite's own
 * `sqlite3_js_vfs_create_file`, deprecated, writes 512 bytes at a time: a
 * second per megabyte here.) No xSync: a test's copies need not survive a
 * power cut.
 */
function writePoolFile(storage: BrowserStorage, path: string, bytes: Uint8Array): void {
  const { capi, wasm } = storage.sqlite3;
  const pVfs = capi.sqlite3_vfs_find(storage.pool.vfsName);
  const vfs = new capi.sqlite3_vfs(pVfs) as unknown as { $szOsFile: number; $xOpen: number };
  const method = (pointer: number) => wasm.functionEntry(pointer) as Method;
  const pFile = wasm.alloc(vfs.$szOsFile);
  const pName = wasm.allocCString(path, false);
  const pFlags = wasm.alloc(4);
  const pData = bytes.length === 0 ? 0 : wasm.allocFromTypedArray(bytes);
  try {
    const flags = capi.SQLITE_OPEN_CREATE | capi.SQLITE_OPEN_READWRITE | capi.SQLITE_OPEN_MAIN_DB;
    check(path, method(vfs.$xOpen)(pVfs, pName, pFile, flags, pFlags));
    const file = new capi.sqlite3_file(pFile) as unknown as { $pMethods: number };
    const io = new capi.sqlite3_io_methods(file.$pMethods) as unknown as Record<string, number>;
    try {
      check(path, method(io['$xTruncate']!)(pFile, BigInt(bytes.length)));
      if (bytes.length > 0) check(path, method(io['$xWrite']!)(pFile, pData, bytes.length, 0n));
    } finally {
      method(io['$xClose']!)(pFile);
    }
  } finally {
    for (const pointer of [pFile, pName, pFlags, pData]) if (pointer !== 0) wasm.dealloc(pointer);
  }
}

function check(path: string, rc: number): void {
  if (rc !== 0) throw new Error(`writing ${path} in the pool failed with SQLite result code ${rc}`);
}
