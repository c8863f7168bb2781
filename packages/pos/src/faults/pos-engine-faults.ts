/**
 * Faults the POS engine injects on purpose, for testing only. Each one breaks
 * a guarantee the engine otherwise keeps, so that the simulator can prove its
 * checkers catch the breach: a checker never shown a failure may be checking
 * nothing. An app never sets them; they take effect only where a caller
 * passes them to the engine explicitly.
 */
export interface PosEngineFaults {
  /**
   * Acknowledge work before it is durable: `placeOrder` (and every other
   * write) returns with its transaction still open, held in this process's
   * memory, and the work-item journal is not written; the open transaction
   * is committed this many ms after its first write, and by `close()`.
   * Killing the process (SIGKILL, a dead battery) meanwhile loses orders
   * `placeOrder` returned, which a checker must report as lost. The engine
   * reads its own uncommitted work as usual, and syncs it (so the server may
   * hold an order the device then loses, and the device reuses its seq).
   * From 1 to FAULT_DEFER_COMMIT_MS_MAX.
   */
  readonly deferCommitMs?: number;
}

/**
 * The longest `deferCommitMs`: one open transaction holds all the work of
 * the span in SQLite's page cache (and spills it to the WAL uncommitted), so
 * the span is bounded like everything else.
 */
export const FAULT_DEFER_COMMIT_MS_MAX = 60_000;
