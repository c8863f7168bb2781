/**
 * `JournalFile` on OPFS, in a dedicated Worker. OPFS has no synchronous
 * rename, so the atomic replacement Node gets from write, fsync, rename is
 * made of two files and a generation number instead:
 *
 *     <path>.journal.0, <path>.journal.1    each: header, then content
 *
 *     header (16 bytes, big-endian): "TLJ1", generation (uint32),
 *                                    0 (uint32), CRC-32 of the 12 bytes before
 *
 * The journal is the content of the file with the valid header and the
 * higher generation; with no valid header anywhere there is no journal
 * (empty). Appends go to the end of that file (flushed when durable).
 * `replace` writes the other file:
 *
 * 1. cut it to nothing and flush: it is now invalid whatever it held;
 * 2. write the new content after the header's place, and flush;
 * 3. write its header with the next generation, and flush: from here on
 *    the new content is the journal;
 * 4. cut the old file to nothing and flush, so that damage to the new
 *    header later cannot bring stale content back.
 *
 * A crash before 3 is done leaves the old file the only valid one (a torn
 * header fails its CRC); a crash after 3 leaves the new one valid with the
 * higher generation, whatever 4 did. Either way the journal is the old
 * content or all of the new. Records and their checksums are the core's
 * (`journal/work-item-journal.ts`): both files hold the same bytes a Node
 * journal would, after the header.
 *
 * The two files' handles are opened once per store and Worker
 * (`acquireJournalSlots`, asynchronous) and kept, so every method here is
 * synchronous; the journal file the engine uses is one at a time.
 */
import { assert } from '@tabline/domain';
import { FileStorageError } from '../file-storage-error.ts';
import { crc32 } from '../integrity/crc32.ts';
import type { JournalFile } from '../journal/journal-file.ts';
import type { BrowserStorage } from './browser-storage.ts';
import { openFilesDirectory } from './browser-storage.ts';
import type { OpfsSyncAccessHandle } from './opfs-sync-access-handle.ts';
import { openSyncAccessHandleWhenFree } from './wait-for-unlocked-files.ts';
import { splitStorePath } from './store-path.ts';
import { translateOpfsErrors, translateOpfsErrorsAsync } from './translate-opfs-errors.ts';

export const JOURNAL_SUFFIX = '.journal';
export const JOURNAL_HEADER_BYTES = 16;
const MAGIC = 0x544c4a31; // "TLJ1"

/** Bytes read per chunk: a fixed buffer whatever the journal's size. */
export const JOURNAL_READ_CHUNK_BYTES = 64 * 1024;

/** The two files of one store's journal and which of them holds it. */
export interface JournalSlots {
  readonly location: string;
  readonly handles: readonly [OpfsSyncAccessHandle, OpfsSyncAccessHandle];
  /** The file holding the journal and its generation; null when neither is valid. */
  current: { readonly index: 0 | 1; readonly generation: number } | null;
  /** True while an engine's journal file is open on them. */
  inUse: boolean;
}

/**
 * The journal files of the store at `path`, opening (and creating) them
 * the first time in this Worker; later calls get the same handles.
 */
export async function acquireJournalSlots(
  storage: BrowserStorage,
  path: string,
): Promise<JournalSlots> {
  const held = storage.journals.get(path);
  if (held !== undefined) return held;
  const location = `${path}${JOURNAL_SUFFIX}`;
  const handles = await translateOpfsErrorsAsync(`opening the journal ${location}`, async () => {
    const [directories, name] = splitStorePath(location);
    const directory = await openFilesDirectory(storage, directories);
    const open = async (index: number) =>
      openSyncAccessHandleWhenFree(
        await directory.getFileHandle(`${name}.${index}`, { create: true }),
      );
    const first = await open(0);
    try {
      return [first, await open(1)] as const;
    } catch (error) {
      first.close();
      throw error;
    }
  });
  const raced = storage.journals.get(path);
  if (raced !== undefined) {
    for (const handle of handles) handle.close();
    return raced;
  }
  const slots: JournalSlots = { location, handles, current: null, inUse: false };
  slots.current = translateOpfsErrors(`reading the journal ${location}`, () => findCurrent(slots));
  storage.journals.set(path, slots);
  return slots;
}

/** Closes the journal files' handles: after this, only `acquireJournalSlots` opens them again. */
export function releaseJournalSlots(storage: BrowserStorage, path: string): void {
  const slots = storage.journals.get(path);
  if (slots === undefined) return;
  for (const handle of slots.handles) handle.close();
  storage.journals.delete(path);
}

/** The engine's journal file on the slots; one at a time per store. */
export function openOpfsJournalFile(slots: JournalSlots): JournalFile {
  assert(!slots.inUse, `one journal file at a time on ${slots.location}: a store has one engine`);
  slots.inUse = true;
  let open = true;
  const guarded =
    <A extends unknown[], R>(doing: string, operation: (...args: A) => R) =>
    (...args: A): R => {
      assert(open, `the journal ${slots.location} is open`);
      return translateOpfsErrors(`${doing} ${slots.location}`, () => operation(...args));
    };
  return {
    location: slots.location,
    append: guarded('appending to the journal', (bytes: Uint8Array, durable: boolean) =>
      appendToJournal(slots, bytes, durable),
    ),
    size: guarded('reading the journal', () => journalSize(slots)),
    read: () => {
      assert(open, `the journal ${slots.location} is open`);
      return readJournal(slots);
    },
    replace: guarded('rewriting the journal', (chunks: Iterable<Uint8Array>) =>
      replaceJournal(slots, chunks),
    ),
    close: () => {
      if (!open) return;
      open = false;
      slots.inUse = false;
    },
  };
}

/** The content's length in bytes; 0 without a journal. */
export function journalSize(slots: JournalSlots): number {
  if (slots.current === null) return 0;
  return slots.handles[slots.current.index].getSize() - JOURNAL_HEADER_BYTES;
}

/** Appends at the end of the current file, starting a journal (generation 1) if there is none. */
export function appendToJournal(slots: JournalSlots, bytes: Uint8Array, durable: boolean): void {
  if (slots.current === null) replaceJournal(slots, []);
  const handle = slots.handles[slots.current!.index];
  writeAll(handle, bytes, handle.getSize());
  if (durable) handle.flush();
}

/** The content from the start, in chunks of one buffer that the next chunk overwrites. */
export function* readJournal(slots: JournalSlots): Generator<Uint8Array> {
  const current = slots.current;
  if (current === null) return;
  const handle = slots.handles[current.index];
  const buffer = new Uint8Array(JOURNAL_READ_CHUNK_BYTES);
  let position = JOURNAL_HEADER_BYTES;
  for (;;) {
    const read = translateOpfsErrors(`reading the journal ${slots.location}`, () =>
      handle.read(buffer, { at: position }),
    );
    if (read === 0) return;
    position += read;
    yield buffer.subarray(0, read);
  }
}

/** Replaces the content atomically and durably (the header comment's steps 1 to 4). */
export function replaceJournal(slots: JournalSlots, chunks: Iterable<Uint8Array>): void {
  const old = slots.current;
  const index = old === null ? 0 : ((1 - old.index) as 0 | 1);
  const generation = (old?.generation ?? 0) + 1;
  assert(generation <= 0xffffffff, 'a journal generation fits 32 bits');
  const target = slots.handles[index];
  target.truncate(0);
  target.flush();
  let position = JOURNAL_HEADER_BYTES;
  for (const chunk of chunks) {
    writeAll(target, chunk, position);
    position += chunk.length;
  }
  target.flush();
  writeAll(target, encodeHeader(generation), 0);
  target.flush();
  slots.current = { index, generation };
  if (old !== null) {
    const stale = slots.handles[old.index];
    stale.truncate(0);
    stale.flush();
  }
}

/** Removes the journal: both files cut to nothing, durably. */
export function eraseJournal(slots: JournalSlots): void {
  for (const handle of slots.handles) {
    handle.truncate(0);
    handle.flush();
  }
  slots.current = null;
}

function findCurrent(slots: JournalSlots): JournalSlots['current'] {
  let current: JournalSlots['current'] = null;
  slots.handles.forEach((handle, index) => {
    const generation = readGeneration(handle);
    if (generation !== null && (current === null || generation > current.generation)) {
      current = { index: index as 0 | 1, generation };
    }
  });
  return current;
}

/** The generation in a file's header, or null when the header is missing, torn or damaged. */
function readGeneration(handle: OpfsSyncAccessHandle): number | null {
  const header = new Uint8Array(JOURNAL_HEADER_BYTES);
  if (handle.read(header, { at: 0 }) < JOURNAL_HEADER_BYTES) return null;
  const view = new DataView(header.buffer);
  if (view.getUint32(0) !== MAGIC) return null;
  if (view.getUint32(12) !== crc32(header.subarray(0, 12))) return null;
  return view.getUint32(4);
}

function encodeHeader(generation: number): Uint8Array {
  const header = new Uint8Array(JOURNAL_HEADER_BYTES);
  const view = new DataView(header.buffer);
  view.setUint32(0, MAGIC);
  view.setUint32(4, generation);
  view.setUint32(8, 0);
  view.setUint32(12, crc32(header.subarray(0, 12)));
  return header;
}

function writeAll(handle: OpfsSyncAccessHandle, bytes: Uint8Array, at: number): void {
  let written = 0;
  while (written < bytes.length) {
    const wrote = handle.write(bytes.subarray(written), { at: at + written });
    // OPFS writes everything or throws; a write that makes no progress would loop forever.
    if (wrote <= 0) throw new FileStorageError('the storage wrote nothing', 'UnknownError');
    written += wrote;
  }
}
