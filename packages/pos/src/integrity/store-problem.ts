/**
 * What the checks at open can find wrong with a store. Any problem means the
 * database file cannot be trusted: it is quarantined and the store rebuilt
 * (`src/recovery/`).
 *
 * - `database.unreadable`: SQLite reports the file damaged (SQLITE_CORRUPT,
 *   SQLITE_NOTADB) while it is opened or read.
 * - `database.missing`: there is no database file, but the journal shows the
 *   device did work.
 * - `integrity_check`: `PRAGMA integrity_check` found the structure broken.
 * - `schema`: the schema, its version number or the store state row is not
 *   what the engine sealed.
 * - `row_checksum`: a row's content is not what was written.
 * - `invariant`: rows disagree with each other (an order without its items,
 *   a work item without its order, a seq beyond the last one handed out…).
 * - `journal`: the journal holds work the database lost, or the other way
 *   round (a deleted or cut -wal drops committed transactions silently).
 */
export const STORE_PROBLEM_KINDS = [
  'database.unreadable',
  'database.missing',
  'integrity_check',
  'schema',
  'row_checksum',
  'invariant',
  'journal',
] as const;
export type StoreProblemKind = (typeof STORE_PROBLEM_KINDS)[number];

export interface StoreProblem {
  readonly kind: StoreProblemKind;
  /** For people and logs, such as `outbox row 12: checksum 1a2b… stored 3c4d…`. */
  readonly detail: string;
}

/**
 * The most problems one check lists. One is enough to quarantine the file;
 * a few help whoever looks at the report; thousands would only bloat it.
 */
export const STORE_PROBLEMS_LISTED_MAX = 20;

export function problem(kind: StoreProblemKind, detail: string): StoreProblem {
  return { kind, detail };
}
