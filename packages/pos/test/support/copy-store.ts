import { PLATFORM_FILES } from './adapters.ts';
import { joinPath } from './test-platform.ts';

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
  const files = PLATFORM_FILES;
  files.mkdir(toDir);
  const copy = joinPath(toDir, 'pos.db');
  const suffixes = options.wal === false ? ['', '.journal'] : ['', '-wal', '-shm', '.journal'];
  for (const suffix of suffixes) {
    if (files.exists(`${path}${suffix}`)) files.copy(`${path}${suffix}`, `${copy}${suffix}`);
  }
  return copy;
}
