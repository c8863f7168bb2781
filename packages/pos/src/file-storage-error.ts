/**
 * A file the engine writes besides its database (the journal, an export)
 * could not be written because the storage failed: full, read-only, an I/O
 * error. An operating error, not a bug, like SQLite's storage failures
 * (`sqlite-error.ts`); platforms throw it, the engine turns it into values.
 */
export class FileStorageError extends Error {
  /** The platform's code, such as ENOSPC or EIO. */
  readonly code: string;

  constructor(message: string, code: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'FileStorageError';
    this.code = code;
  }
}
