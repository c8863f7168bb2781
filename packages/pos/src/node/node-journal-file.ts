/**
 * `JournalFile` on Node's file system. Every call is synchronous, like the
 * SQLite adapter, so a journal append cannot interleave with other work of
 * the engine.
 *
 * The file is made ahead of its records: zeros written and fsynced a
 * megabyte at a time, which records then overwrite. A durable append is
 * then a write into blocks the file system has already allocated and an
 * `fdatasync`, which leaves the file's size and block map alone and so
 * needs no commit of the file system's own journal: half the time of an
 * append that grows the file and `fsync`s it, about 100 µs against 200 on
 * this project's machines, where that append was a third of `placeOrder`'s
 * time (`npm run bench` shows both). A copy-on-write file system moves the
 * blocks anyway, and `fdatasync` still syncs what reading them back needs:
 * as durable there, only not faster.
 *
 * The content is everything up to the last byte that is not zero: a record
 * is UTF-8 JSON text, which never holds a zero byte, so a crash that cut a
 * record short leaves it torn, as before, followed by zeros.
 *
 * Replacement is the classic atomic sequence (write a new file, fsync it,
 * rename it over the old one, fsync the directory); the next append makes
 * room after it again.
 */
import {
  closeSync,
  constants,
  fdatasyncSync,
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

/** Room made ahead of the records at a time, in bytes: about 1,500 orders' records. */
export const JOURNAL_ROOM_AHEAD_BYTES = 1024 * 1024;

/** Where the records end, and where the file (the records, then zeros) ends. */
interface Ends {
  readonly content: number;
  readonly file: number;
}

/** Opens the journal at `path`, creating it (durably) if it does not exist. */
export function openNodeJournalFile(path: string): JournalFile {
  let fd = translateFsErrors(`opening the journal ${path}`, () => openForWriting(path));
  // Known after our own appends, so an append does not read the file first;
  // unknown (measured again) after a failed write or a rewrite.
  let known: Ends | null = null;
  const ends = () =>
    (known ??= translateFsErrors(`reading the journal ${path}`, () => measureEnds(fd)));
  return {
    location: path,
    append(bytes, durable) {
      const before = ends();
      known = null;
      const end = before.content + bytes.length;
      const file = translateFsErrors(`appending to the journal ${path}`, () => {
        const fileEnd = end > before.file ? makeRoom(fd, before.file, end) : before.file;
        writeAll(fd, bytes, before.content);
        if (durable) fdatasyncSync(fd);
        return fileEnd;
      });
      known = { content: end, file };
    },
    size: () => ends().content,
    read: () => readChunks(fd, path, ends().content),
    replace(chunks) {
      known = null;
      translateFsErrors(`rewriting the journal ${path}`, () => replaceFile(path, chunks));
      closeSync(fd);
      fd = translateFsErrors(`opening the journal ${path}`, () => openForWriting(path));
    },
    close: () => closeSync(fd),
  };
}

/** Read and write, never O_APPEND: records are written at the content's end, inside the file. */
function openForWriting(path: string): number {
  const fd = openSync(path, constants.O_RDWR | constants.O_CREAT);
  // A journal just created is only found after a crash once its directory
  // entry is on stable storage too.
  if (fstatSync(fd).size === 0) fsyncDirectory(dirname(path));
  return fd;
}

function measureEnds(fd: number): Ends {
  const file = fstatSync(fd).size;
  return { content: contentEnd(fd, file), file };
}

/** Just past the last byte that is not zero, read backwards from the end a chunk at a time. */
function contentEnd(fd: number, fileEnd: number): number {
  const buffer = new Uint8Array(JOURNAL_IO_CHUNK_BYTES);
  for (let end = fileEnd; end > 0;) {
    const start = Math.max(0, end - buffer.length);
    const chunk = buffer.subarray(0, readAt(fd, buffer.subarray(0, end - start), start));
    for (let i = chunk.length - 1; i >= 0; i--) if (chunk[i] !== 0) return start + i + 1;
    end = start;
  }
  return 0;
}

/**
 * Writes zeros from the file's end to a megabyte past `needed`, and fsyncs
 * the file with its new size, so the records written there later need only
 * `fdatasync`. Returns the new end of the file.
 */
function makeRoom(fd: number, fileEnd: number, needed: number): number {
  const newEnd = needed + JOURNAL_ROOM_AHEAD_BYTES;
  const zeros = new Uint8Array(JOURNAL_IO_CHUNK_BYTES);
  for (let at = fileEnd; at < newEnd; at += zeros.length) {
    writeAll(fd, zeros.subarray(0, Math.min(zeros.length, newEnd - at)), at);
  }
  fsyncSync(fd);
  return newEnd;
}

/** Writes all of `bytes` at `position`, or at the current offset when it is null. */
function writeAll(fd: number, bytes: Uint8Array, position: number | null = null): void {
  let offset = 0;
  while (offset < bytes.length) {
    const at = position === null ? null : position + offset;
    offset += writeSync(fd, bytes, offset, bytes.length - offset, at);
  }
}

/** Reads into `buffer` at `position` until it is full or the file ends; returns the bytes read. */
function readAt(fd: number, buffer: Uint8Array, position: number): number {
  let read = 0;
  while (read < buffer.length) {
    const n = readSync(fd, buffer, read, buffer.length - read, position + read);
    if (n === 0) break;
    read += n;
  }
  return read;
}

function* readChunks(fd: number, path: string, end: number): Generator<Uint8Array> {
  const buffer = new Uint8Array(JOURNAL_IO_CHUNK_BYTES);
  for (let position = 0; position < end;) {
    const want = buffer.subarray(0, Math.min(buffer.length, end - position));
    const read = translateFsErrors(`reading the journal ${path}`, () => readAt(fd, want, position));
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
