/**
 * The bytes of the work-item journal, as a platform keeps them: Node on its
 * file system (`node/node-journal-file.ts`), a browser later on OPFS, whose
 * synchronous access handles offer the same three operations. The record
 * format, checksums and every decision about them live in the core
 * (`work-item-journal.ts`), so both platforms write the same file.
 */
export interface JournalFile {
  /** Where the journal is, for reports and messages (a path on Node). */
  readonly location: string;
  /**
   * Appends bytes at the end. With `durable`, returns only once they are on
   * stable storage (fsync). Throws `FileStorageError` when the storage
   * fails (full, I/O error); the bytes may then be partly written.
   */
  append(bytes: Uint8Array, durable: boolean): void;
  /** The content's length in bytes. Throws `FileStorageError`. */
  size(): number;
  /**
   * The content from the start, in chunks. A chunk may be overwritten by the
   * next one: copy what you keep.
   */
  read(): Iterable<Uint8Array>;
  /**
   * Replaces the whole content atomically and durably: after a crash the
   * journal holds either the old content or all of the new. Throws
   * `FileStorageError`; the old content then stays.
   */
  replace(chunks: Iterable<Uint8Array>): void;
  close(): void;
}
