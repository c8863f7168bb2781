import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Copies a store's files (database, -wal, -shm, journal) as they are on
 * disk right now, while the engine may still hold them open: what a crash
 * at this instant would leave. Returns the copy's database path.
 */
export function copyStore(
  path: string,
  toDir: string,
  options: { readonly wal?: boolean } = {},
): string {
  mkdirSync(toDir, { recursive: true });
  const copy = join(toDir, 'pos.db');
  const suffixes = options.wal === false ? ['', '.journal'] : ['', '-wal', '-shm', '.journal'];
  for (const suffix of suffixes) {
    if (existsSync(`${path}${suffix}`)) copyFileSync(`${path}${suffix}`, `${copy}${suffix}`);
  }
  return copy;
}
