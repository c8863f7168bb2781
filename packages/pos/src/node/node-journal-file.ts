/**
 * `JournalFile` on Node's file system: appends with `writeSync` (and
 * `fsyncSync` when durable), replacement by the classic atomic sequence
 * (write a new file, fsync it, rename it over the old one, fsync the
 * directory). Every call is synchronous, like the SQLite adapter, so a
 * journal append cannot interleave with other work of the engine.
 */
import {
  closeSync,
  fstatSync,
  fsyncSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import type { JournalFile } from '../journal/journal-file.ts';
import { fsyncDirectory } from './fsync-directory.ts';
import { translateFsErrors } from './translate-fs-errors.ts';

/**
 * Bytes read per chunk, and gathered per write when the journal is
 * rewritten: a few system calls per megabyte, a fixed buffer whatever the
 * journal's size.
 */
export const JOURNAL_IO_CHUNK_BYTES = 64 * 1024;

/** Opens the journal at `path` for appending, creating it (durably) if it does not exist. */
export function openNodeJournalFile(path: string): JournalFile {
  let fd = translateFsErrors(`opening the journal ${path}`, () => openAppend(path));
  // The size after our own appends, so an append does not ask the file
  // system first; unknown (asked again) after a failed write or a rewrite.
  let knownSize: number | null = null;
  return {
    location: path,
    append(bytes, durable) {
      const before = knownSize;
      knownSize = null;
      translateFsErrors(`appending to the journal ${path}`, () => {
        writeAll(fd, bytes);
        if (durable) fsyncSync(fd);
      });
      if (before !== null) knownSize = before + bytes.length;
    },
    size: () =>
      (knownSize ??= translateFsErrors(`reading the journal ${path}`, () => fstatSync(fd).size)),
    read: () => readChunks(fd, path),
    replace(chunks) {
      knownSize = null;
      translateFsErrors(`rewriting the journal ${path}`, () => replaceFile(path, chunks));
      closeSync(fd);
      fd = translateFsErrors(`opening the journal ${path}`, () => openAppend(path));
    },
    close: () => closeSync(fd),
  };
}

function openAppend(path: string): number {
  const fd = openSync(path, 'a+');
  // A journal just created is only found after a crash once its directory
  // entry is on stable storage too.
  if (fstatSync(fd).size === 0) fsyncDirectory(dirname(path));
  return fd;
}

function writeAll(fd: number, bytes: Uint8Array): void {
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}

function* readChunks(fd: number, path: string): Generator<Uint8Array> {
  const buffer = new Uint8Array(JOURNAL_IO_CHUNK_BYTES);
  let position = 0;
  for (;;) {
    const read = translateFsErrors(`reading the journal ${path}`, () =>
      readSync(fd, buffer, 0, buffer.length, position),
    );
    if (read === 0) return;
    position += read;
    yield buffer.subarray(0, read);
  }
}

function replaceFile(path: string, chunks: Iterable<Uint8Array>): void {
  const temporary = `${path}.rewrite`;
  const fd = openSync(temporary, 'w');
  try {
    writeGathered(fd, chunks);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    // Our own unfinished copy: the journal itself is untouched.
    rmSync(temporary, { force: true });
    throw error;
  }
  closeSync(fd);
  renameSync(temporary, path);
  fsyncDirectory(dirname(path));
}

/** Writes chunks through one buffer, so many small records cost few system calls. */
function writeGathered(fd: number, chunks: Iterable<Uint8Array>): void {
  const buffer = new Uint8Array(JOURNAL_IO_CHUNK_BYTES);
  let used = 0;
  for (const chunk of chunks) {
    if (used + chunk.length > buffer.length) {
      writeAll(fd, buffer.subarray(0, used));
      used = 0;
    }
    if (chunk.length > buffer.length) writeAll(fd, chunk);
    else {
      buffer.set(chunk, used);
      used += chunk.length;
    }
  }
  writeAll(fd, buffer.subarray(0, used));
}
