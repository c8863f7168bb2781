/**
 * Waiting out a Worker that is gone but still holds OPFS files. A sync
 * access handle locks its file for the whole origin, and a terminated
 * Worker's handles are released some time after it is gone: measured in
 * Chromium 156, 1 to 2 s after a Worker busy writing was terminated, and
 * now and then longer. A reloaded page opening its storage at once finds
 * its own predecessor holding it, so opening waits, for a while, before
 * concluding that another tab holds the files.
 */
import { openSyncAccessHandle } from './opfs-sync-access-handle.ts';
import type { OpfsSyncAccessHandle } from './opfs-sync-access-handle.ts';

/** Attempts at a locked file, and the pause between them: 30 s in all. */
export const LOCKED_FILE_ATTEMPTS_MAX = 300;
export const LOCKED_FILE_RETRY_MS = 100;

/** The error OPFS throws for a file another context holds a handle on. */
const LOCKED = 'NoModificationAllowedError';

/**
 * Waits until every file in `directory` can be opened, opening each in
 * turn and closing it at once. A pool of handles acquired all at once
 * leaks the ones still being acquired when another fails, so the pool is
 * opened only once its files are free.
 */
export async function waitForUnlockedFiles(directory: FileSystemDirectoryHandle): Promise<void> {
  await retryWhileLocked(async () => {
    for await (const entry of directory as unknown as AsyncIterable<[string, FileSystemHandle]>) {
      const [, handle] = entry;
      if (handle.kind !== 'file') continue;
      (await openSyncAccessHandle(handle as FileSystemFileHandle)).close();
    }
  });
}

/** Opens a sync access handle on `file`, waiting while another context holds one. */
export function openSyncAccessHandleWhenFree(
  file: FileSystemFileHandle,
): Promise<OpfsSyncAccessHandle> {
  return retryWhileLocked(() => openSyncAccessHandle(file));
}

async function retryWhileLocked<T>(operation: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if ((error as { name?: unknown }).name !== LOCKED || attempt >= LOCKED_FILE_ATTEMPTS_MAX) {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, LOCKED_FILE_RETRY_MS));
    }
  }
}
