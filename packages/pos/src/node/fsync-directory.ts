import { closeSync, fsyncSync, openSync } from 'node:fs';

/**
 * Makes a directory's entries durable: a file created, renamed or removed in
 * it is only certain to stay so after a crash once the directory is fsynced.
 */
export function fsyncDirectory(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
