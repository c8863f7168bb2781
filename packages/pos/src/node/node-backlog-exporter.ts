import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { BacklogExporter } from '../guards/backlog-exporter.ts';
import { fsyncDirectory } from './fsync-directory.ts';
import { translateFsErrors } from './translate-fs-errors.ts';

/**
 * Lines gathered per write: an export of a long backlog costs a few system
 * calls per megabyte, and a bounded buffer.
 */
export const EXPORT_WRITE_BYTES = 64 * 1024;

/**
 * A `BacklogExporter` that writes a new file at `path` (refusing to
 * overwrite one), fsyncs it and its directory: once `write` returns, the
 * export survives a crash.
 */
export function createFileBacklogExporter(path: string): BacklogExporter {
  return {
    destination: path,
    write(lines) {
      translateFsErrors(`exporting the backlog to ${path}`, () => writeFile(path, lines));
    },
  };
}

function writeFile(path: string, lines: Iterable<string>): void {
  const fd = openSync(path, 'wx');
  try {
    let pending = '';
    for (const line of lines) {
      pending += `${line}\n`;
      if (pending.length >= EXPORT_WRITE_BYTES) {
        writeAll(fd, pending);
        pending = '';
      }
    }
    writeAll(fd, pending);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  fsyncDirectory(dirname(path));
}

function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}
