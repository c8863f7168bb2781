/**
 * The order in which Node's store files move a database away: a crash at any
 * step of a quarantine or an erase must never leave a -wal at the store's
 * name without its main file, where SQLite would play it into the next
 * database to take the name. The crash is a file-system call that throws
 * at step k, for every k. And a new database appears at the store's name
 * already in WAL mode, never beside a rollback journal.
 */
import * as fs from 'node:fs';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createNodeStoreFiles } from '../src/node/index.ts';
import { useTempDir } from './support/temp-dir.ts';

type Fs = typeof fs;

vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<Fs>();
  return { ...actual, renameSync: vi.fn(actual.renameSync), rmSync: vi.fn(actual.rmSync) };
});

const actualFs = await vi.importActual<Fs>('node:fs');

/** Makes the `step`-th call of `name` throw, as if the process died there; counts every call. */
function crashAt(name: 'renameSync' | 'rmSync', step: number) {
  let calls = 0;
  vi.mocked(fs[name]).mockImplementation((...args: unknown[]) => {
    calls++;
    if (calls === step) throw new Error(`crash at ${name} #${step}`);
    return (actualFs[name] as (...a: unknown[]) => unknown)(...args);
  });
  return () => calls;
}

describe("a Node store's files moved away half-way", () => {
  const tempDir = useTempDir();
  afterEach(() => vi.mocked(fs.renameSync).mockReset());
  afterEach(() => vi.mocked(fs.rmSync).mockReset());

  /** A store at a fresh path with its main file, -wal, -shm and journal on disk. */
  const storeWithWal = (name: string) => {
    const path = join(tempDir(), `${name}.db`);
    for (const suffix of ['', '-wal', '-shm', '.journal']) writeFileSync(`${path}${suffix}`, name);
    return path;
  };

  const orphanWal = (path: string) => existsSync(`${path}-wal`) && !existsSync(path);

  /**
   * Runs `move` on a fresh store once per step, crashing at that step, until
   * a run gets through: none may leave an orphan -wal, and the run that gets
   * through makes `steps` calls and leaves no main file.
   */
  function crashAtEveryStep(
    name: 'renameSync' | 'rmSync',
    steps: number,
    move: (path: string) => void,
  ) {
    for (let step = 1; ; step++) {
      const path = storeWithWal(`${name}-${step}`);
      const calls = crashAt(name, step);
      let crashed = false;
      try {
        move(path);
      } catch {
        crashed = true;
      }
      expect(orphanWal(path), `crash at ${name} #${step}`).toBe(false);
      if (!crashed) {
        expect(calls()).toBe(steps);
        expect(existsSync(path)).toBe(false);
        return;
      }
    }
  }

  it('quarantine: never a -wal left without its main file, whichever move the crash stops', () => {
    // -wal, -shm, then the main file
    crashAtEveryStep('renameSync', 3, (path) =>
      createNodeStoreFiles(path).quarantine('label', () => '{}'),
    );
  });

  it('erase: never a -wal left without its main file, whichever removal the crash stops', () => {
    // the journal, -wal, -shm, then the main file
    crashAtEveryStep('rmSync', 4, (path) => createNodeStoreFiles(path).erase());
  });
});

/** SQLite's result code for a hot rollback journal that a read-only connection cannot play back. */
const SQLITE_READONLY_ROLLBACK = 776;

/** Bytes 18 and 19 of a database file's header: 2 and 2 in WAL mode, 1 and 1 with a rollback journal. */
function headerVersions(path: string): [number | undefined, number | undefined] {
  const header = readFileSync(path).subarray(18, 20);
  return [header[0], header[1]];
}

/**
 * A database file and its hot rollback journal, as a process killed in the
 * middle of a write transaction leaves them: copied while a transaction
 * that has spilled pages into the file is still open.
 */
function leaveHotJournal(scratch: string, to: string): void {
  const db = new DatabaseSync(scratch);
  try {
    db.exec('PRAGMA cache_size = 2; BEGIN; CREATE TABLE spilled (x BLOB)');
    for (let i = 0; i < 100; i++) db.exec('INSERT INTO spilled VALUES (randomblob(3000))');
    copyFileSync(`${scratch}-journal`, `${to}-journal`);
    copyFileSync(scratch, to);
  } finally {
    db.close();
  }
}

describe("a Node store's new database", () => {
  const tempDir = useTempDir();
  afterEach(() => vi.mocked(fs.renameSync).mockReset());

  it("appears at the store's name already in WAL mode, with no rollback journal beside it", () => {
    const path = join(tempDir(), 'pos.db');
    const renamed: { versions: ReturnType<typeof headerVersions>; journal: boolean }[] = [];
    vi.mocked(fs.renameSync).mockImplementation((from, to) => {
      const source = String(from);
      if (to === path) {
        renamed.push({
          versions: headerVersions(source),
          journal: existsSync(`${source}-journal`),
        });
      }
      actualFs.renameSync(from, to);
    });

    createNodeStoreFiles(path).openDatabase().close();

    expect(renamed).toEqual([{ versions: [2, 2], journal: false }]);
    expect(existsSync(`${path}.new`)).toBe(false);
  });

  it('is made again after a crash before it reached its name', () => {
    const path = join(tempDir(), 'pos.db');
    crashAt('renameSync', 1);
    expect(() => createNodeStoreFiles(path).openDatabase()).toThrow('crash at renameSync #1');
    expect(existsSync(path)).toBe(false);
    vi.mocked(fs.renameSync).mockImplementation(actualFs.renameSync);

    const files = createNodeStoreFiles(path);
    files.openDatabase().close();

    expect(files.hasDatabase()).toBe(true);
    expect(headerVersions(path)).toEqual([2, 2]);
  });

  it('replaces what a process killed while making one left, hot journal and all', () => {
    const path = join(tempDir(), 'pos.db');
    leaveHotJournal(join(tempDir(), 'scratch.db'), `${path}.new`);

    const db = createNodeStoreFiles(path).openDatabase();
    try {
      expect(db.all('SELECT name FROM sqlite_schema')).toEqual([]);
    } finally {
      db.close();
    }
    expect(headerVersions(path)).toEqual([2, 2]);
    expect(existsSync(`${path}.new`) || existsSync(`${path}.new-journal`)).toBe(false);
  });

  it('a hot journal really stops the read-only examination: the state the temporary name keeps away', () => {
    const path = join(tempDir(), 'pos.db');
    leaveHotJournal(join(tempDir(), 'scratch.db'), path);

    expect(() =>
      createNodeStoreFiles(path).openDatabaseReadOnly().get('PRAGMA user_version'),
    ).toThrow(expect.objectContaining({ resultCode: SQLITE_READONLY_ROLLBACK }));
  });
});
