import { assert } from '@tabline/domain';

/**
 * The path of a store's database in the browser, like a file's path on
 * Node: `pos.db`, `events/summer/bar-3.db`. It names the database in the
 * SQLite pool and, beside it in the OPFS directory, the journal
 * (`<path>.journal.0`, `.1`). Segments are kept to characters every file
 * system and URL takes as they are, so a name never changes on the way.
 */
const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

/** The longest path: the pool keeps a file's name in 512 bytes, suffixes included. */
export const STORE_PATH_LENGTH_MAX = 400;

/** `pos.db` or `/pos.db` → `/pos.db`; refuses anything that is not a plain relative path. */
export function normaliseStorePath(name: string): string {
  const segments = name.replace(/^\//, '').split('/');
  assert(
    segments.every((segment) => SEGMENT.test(segment)),
    `a store path is segments of letters, digits, '.', '_' and '-': ${JSON.stringify(name)}`,
  );
  const path = `/${segments.join('/')}`;
  assert(
    path.length <= STORE_PATH_LENGTH_MAX,
    `a store path is at most ${STORE_PATH_LENGTH_MAX} characters`,
  );
  return path;
}

/** The directories above the file and its own name: `/a/b/pos.db` → [['a', 'b'], 'pos.db']. */
export function splitStorePath(path: string): [directories: string[], name: string] {
  const segments = path.split('/').filter((segment) => segment.length > 0);
  const name = segments.pop();
  assert(name !== undefined, `a path names a file: ${path}`);
  return [segments, name];
}
