/**
 * Where the guarded operations (reset, sign out, erase) put the backlog
 * before they destroy it: every queued work item's exact JSON and every
 * rejected item, as JSON lines. Node writes a file (`node/node-backlog-exporter.ts`);
 * a browser could offer a download or OPFS.
 */
export interface BacklogExporter {
  /** Where the lines go, for reports (a path on Node). */
  readonly destination: string;
  /**
   * Writes every line, each followed by a line break, and returns only once
   * they are durable. Never overwrites an earlier export. Throws
   * `FileStorageError` when the storage fails; the guarded operation then
   * does not happen.
   */
  write(lines: Iterable<string>): void;
}
