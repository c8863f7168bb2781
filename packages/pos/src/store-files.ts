/**
 * The files of one POS store as a platform keeps them: the database, the
 * journal beside it, the quarantine folders damaged files are moved into,
 * and a database being rebuilt. Node implements it on its file system
 * (`node/node-store-files.ts`); a browser will on OPFS. Every decision about
 * what to check, keep and move lives in the core (`open-pos-store.ts`,
 * `recovery/`); a platform only does what it is told, durably.
 */
import type { JournalFile } from './journal/journal-file.ts';
import type { SqliteDatabase } from './sqlite-database.ts';

export interface StoreFiles {
  /** Where the store is, for reports and messages (the database's path on Node). */
  readonly location: string;
  /** True when the database file exists. */
  hasDatabase(): boolean;
  /**
   * Opens (or creates) the database for the engine: WAL, synchronous=FULL.
   * A new database appears at its name already in WAL mode, so a crash
   * while it is made never leaves a rollback journal there for the
   * read-only examination to trip on. Throws SqliteError.
   */
  openDatabase(): SqliteDatabase;
  /**
   * Opens the database read-only and as it is, for checking and salvaging:
   * a read-only connection never writes the file nor checkpoints its -wal
   * into it, so a damaged file reaches quarantine exactly as it was found.
   */
  openDatabaseReadOnly(): SqliteDatabase;
  /** Opens (or creates) the journal. */
  openJournal(): JournalFile;
  /**
   * Creates an empty database at a temporary name beside the real one, for
   * a rebuild, replacing the leftovers of a rebuild a crash interrupted
   * before its quarantine (our own output, never evidence).
   */
  createRebuild(): SqliteDatabase;
  /** True when a finished rebuild waits to be installed (a crash came between quarantine and install). */
  hasRebuild(): boolean;
  /**
   * Moves the database files (main, -wal, -shm) into a new quarantine folder
   * beside them, labelled with `label` (a timestamp), copies the journal
   * there, writes the report `describe` returns for that folder there as
   * `recovery-report.json`, and makes it all durable. Nothing is deleted.
   */
  quarantine(label: string, describe: (folder: string) => string): Quarantine;
  /** Copies the journal into a new quarantine folder, with a report, before it is rewritten. */
  quarantineJournal(label: string, describe: (folder: string) => string): Quarantine;
  /** Renames the rebuilt database (closed) into the database's place, durably. */
  installRebuild(): void;
  /** Removes the database files and the journal, durably. Quarantine folders stay. */
  erase(): ErasedFiles;
}

export interface Quarantine {
  /** Where the folder is (a path on Node). */
  readonly folder: string;
  /** The files in it, the report included. */
  readonly files: readonly string[];
}

export interface ErasedFiles {
  readonly removed: readonly string[];
  /** Quarantine folders left beside the store, for whoever erases the device to decide on. */
  readonly quarantineFolders: readonly string[];
}
