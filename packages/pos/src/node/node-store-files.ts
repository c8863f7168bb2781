/**
 * `StoreFiles` on Node's file system. For a database at `dir/pos.db`:
 *
 *     dir/pos.db, pos.db-wal, pos.db-shm    the database (WAL mode)
 *     dir/pos.db.journal                    the work-item journal
 *     dir/pos.db.new                        a new database being made
 *     dir/pos.db.rebuild                    a database being rebuilt
 *     dir/pos.db.quarantine-<time>/         damaged files, as they were found
 *
 * Renames stay inside the directory, so they are atomic; every change of a
 * directory's entries is followed by an fsync of that directory.
 */
import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { ErasedFiles, Quarantine, StoreFiles } from '../store-files.ts';
import { fsyncDirectory } from './fsync-directory.ts';
import { openNodeJournalFile } from './node-journal-file.ts';
import type { NodeSqliteDatabaseOptions } from './node-sqlite-database.ts';
import { openNodeSqliteDatabase, openNodeSqliteDatabaseReadOnly } from './node-sqlite-database.ts';
import { translateFsErrors } from './translate-fs-errors.ts';

/**
 * The suffixes SQLite's files carry beside the main file, in the order they
 * are moved or removed: the main file last. (A -journal is only ever made
 * while a new file is switched to WAL.) A -wal left at the name without its
 * main file would be played into whatever database took the name next (an
 * installed rebuild, a new store), so a crash half-way must leave the main
 * file without its -wal, never the other way round: that store opens as it
 * was at its last checkpoint, and the journal check at open finds what it
 * lacks.
 */
const DATABASE_SUFFIXES = ['-journal', '-wal', '-shm', ''] as const;

export const JOURNAL_SUFFIX = '.journal';
export const QUARANTINE_INFIX = '.quarantine-';
export const RECOVERY_REPORT_FILE = 'recovery-report.json';

export function createNodeStoreFiles(
  path: string,
  options: NodeSqliteDatabaseOptions = {},
): StoreFiles {
  const dir = dirname(path);
  const journalPath = `${path}${JOURNAL_SUFFIX}`;
  const rebuildPath = `${path}.rebuild`;
  return {
    location: path,
    hasDatabase: () => existsSync(path),
    openDatabase() {
      if (!existsSync(path)) makeDatabase(path, options);
      return openNodeSqliteDatabase(path, options);
    },
    openDatabaseReadOnly: () => openNodeSqliteDatabaseReadOnly(path, options),
    openJournal: () => openNodeJournalFile(journalPath),
    createRebuild() {
      removeDatabaseFiles(rebuildPath);
      return openNodeSqliteDatabase(rebuildPath, options);
    },
    hasRebuild: () => existsSync(rebuildPath) && !existsSync(`${rebuildPath}-wal`),
    quarantine(label, describe) {
      const folder = makeQuarantineFolder(path, label);
      const moved = DATABASE_SUFFIXES.flatMap((suffix) =>
        moveIfPresent(`${path}${suffix}`, join(folder, `${basename(path)}${suffix}`)),
      );
      return finishQuarantine(folder, moved, journalPath, describe(folder));
    },
    quarantineJournal(label, describe) {
      const folder = makeQuarantineFolder(path, label);
      return finishQuarantine(folder, [], journalPath, describe(folder));
    },
    installRebuild() {
      renameSync(rebuildPath, path);
      fsyncDirectory(dir);
    },
    erase(): ErasedFiles {
      // The journal goes first: a crash half-way then leaves a database
      // without a journal (opened as is, a new journal written from it),
      // never a journal without its database (which would bring the work
      // back as a recovery). The database's main file goes last (see
      // DATABASE_SUFFIXES).
      const removed = [
        journalPath,
        ...DATABASE_SUFFIXES.map((suffix) => `${path}${suffix}`),
      ].filter((file) => existsSync(file));
      translateFsErrors(`erasing ${path}`, () => {
        for (const file of removed) {
          rmSync(file);
          fsyncDirectory(dir);
        }
      });
      return { removed, quarantineFolders: listQuarantineFolders(path) };
    },
  };
}

/**
 * Makes a new, empty database in WAL mode at a temporary name and renames it
 * into place. Switching a new file to WAL writes its first page under a
 * rollback journal; a process killed there would leave a hot journal at the
 * store's name, which the read-only examination at open cannot play back
 * (SQLITE_READONLY_ROLLBACK), and the POS could not open. So the file at
 * the store's name is always a WAL database, and a crash while one is made
 * leaves only leftovers at the temporary name, replaced the next time.
 */
function makeDatabase(path: string, options: NodeSqliteDatabaseOptions): void {
  const newPath = `${path}.new`;
  removeDatabaseFiles(newPath);
  openNodeSqliteDatabase(newPath, options).close();
  fsyncFile(newPath);
  renameSync(newPath, path);
  fsyncDirectory(dirname(path));
}

/** Our own leftovers at a temporary name (never evidence), main file last. */
function removeDatabaseFiles(path: string): void {
  for (const suffix of DATABASE_SUFFIXES) rmSync(`${path}${suffix}`, { force: true });
}

/** The store's quarantine folders, oldest first (their names sort by time). */
export function listQuarantineFolders(path: string): string[] {
  const prefix = `${basename(path)}${QUARANTINE_INFIX}`;
  return readdirSync(dirname(path))
    .filter((name) => name.startsWith(prefix))
    .sort()
    .map((name) => join(dirname(path), name));
}

/** A new folder named after the time; never an existing one, so nothing is overwritten. */
function makeQuarantineFolder(path: string, label: string): string {
  const base = `${path}${QUARANTINE_INFIX}${label}`;
  for (let attempt = 1; ; attempt++) {
    const folder = attempt === 1 ? base : `${base}-${attempt}`;
    if (existsSync(folder)) continue;
    mkdirSync(folder);
    fsyncDirectory(dirname(path));
    return folder;
  }
}

function moveIfPresent(from: string, to: string): string[] {
  if (!existsSync(from)) return [];
  renameSync(from, to);
  return [to];
}

function finishQuarantine(
  folder: string,
  moved: readonly string[],
  journalPath: string,
  report: string,
): Quarantine {
  const files = [...moved];
  if (existsSync(journalPath)) {
    const copy = join(folder, basename(journalPath));
    copyFileSync(journalPath, copy);
    fsyncFile(copy);
    files.push(copy);
  }
  const reportPath = join(folder, RECOVERY_REPORT_FILE);
  writeFileSync(reportPath, report);
  fsyncFile(reportPath);
  files.push(reportPath);
  fsyncDirectory(folder);
  fsyncDirectory(dirname(folder));
  return { folder, files };
}

function fsyncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
