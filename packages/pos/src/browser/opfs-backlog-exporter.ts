/**
 * A `BacklogExporter` on OPFS: the guarded operations (reset, sign-out,
 * erase) call `write` synchronously, so the file and its sync access
 * handle are made ready before (`createOpfsBacklogExporter`, asynchronous);
 * `write` then writes every line and flushes. The export stays in OPFS,
 * durable; the app offers it for download from `file()` (a download
 * cannot be made durable, the OPFS file can).
 */
import { FileStorageError } from '../file-storage-error.ts';
import type { BacklogExporter } from '../guards/backlog-exporter.ts';
import { assert } from '@tabline/domain';
import type { BrowserStorageOptions } from './browser-storage.ts';
import { openBrowserStorage, openFilesDirectory } from './browser-storage.ts';
import type { OpfsSyncAccessHandle } from './opfs-sync-access-handle.ts';
import { openSyncAccessHandle } from './opfs-sync-access-handle.ts';
import { normaliseStorePath, splitStorePath } from './store-path.ts';
import { translateOpfsErrors, translateOpfsErrorsAsync } from './translate-opfs-errors.ts';

/** Lines gathered per write: a few writes per megabyte, a bounded buffer. */
export const EXPORT_WRITE_BYTES = 64 * 1024;

export interface OpfsBacklogExporter extends BacklogExporter {
  /** The export as a `File`, for a download, once written. */
  file(): Promise<File>;
  /** Lets go of the file's handle, removing the file if nothing was written. */
  discard(): Promise<void>;
}

/**
 * An exporter writing a new file at `path` in the storage's files
 * directory (`exports/backlog-2026-07-04.jsonl`). A file already there is
 * never overwritten: `write` then fails (`EEXIST`) and the guarded
 * operation with it.
 */
export async function createOpfsBacklogExporter(
  path: string,
  options: BrowserStorageOptions = {},
): Promise<OpfsBacklogExporter> {
  const destination = normaliseStorePath(path);
  const storage = await openBrowserStorage(options);
  const [directories, name] = splitStorePath(destination);
  const directory = await translateOpfsErrorsAsync(`preparing the export ${destination}`, () =>
    openFilesDirectory(storage, directories),
  );
  const taken = await fileExists(directory, name);
  let handle: OpfsSyncAccessHandle | null = taken
    ? null
    : await translateOpfsErrorsAsync(`preparing the export ${destination}`, async () =>
        openSyncAccessHandle(await directory.getFileHandle(name, { create: true })),
      );
  let written = false;
  return {
    destination,
    write(lines) {
      assert(!written, 'an exporter writes one export');
      if (handle === null) {
        throw new FileStorageError(
          `exporting the backlog to ${destination}: the file exists`,
          'EEXIST',
        );
      }
      const open = handle;
      handle = null;
      try {
        translateOpfsErrors(`exporting the backlog to ${destination}`, () =>
          writeLines(open, lines),
        );
      } finally {
        open.close();
      }
      written = true;
    },
    async file() {
      assert(written, 'the export is written');
      return (await directory.getFileHandle(name)).getFile();
    },
    async discard() {
      handle?.close();
      handle = null;
      if (!taken && !written) await directory.removeEntry(name);
    },
  };
}

async function fileExists(directory: FileSystemDirectoryHandle, name: string): Promise<boolean> {
  try {
    await directory.getFileHandle(name);
    return true;
  } catch (error) {
    if ((error as { name?: unknown }).name === 'NotFoundError') return false;
    throw error;
  }
}

function writeLines(handle: OpfsSyncAccessHandle, lines: Iterable<string>): void {
  const encoder = new TextEncoder();
  let position = 0;
  let pending = '';
  const writePending = () => {
    const bytes = encoder.encode(pending);
    let offset = 0;
    while (offset < bytes.length) {
      const wrote = handle.write(bytes.subarray(offset), { at: position + offset });
      if (wrote <= 0) throw new FileStorageError('the storage wrote nothing', 'UnknownError');
      offset += wrote;
    }
    position += bytes.length;
    pending = '';
  };
  for (const line of lines) {
    pending += `${line}\n`;
    if (pending.length >= EXPORT_WRITE_BYTES) writePending();
  }
  writePending();
  handle.flush();
}
