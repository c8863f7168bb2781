/**
 * The part of OPFS's `FileSystemSyncAccessHandle` the browser platform uses.
 * TypeScript declares it only in the Web Worker library, which cannot be
 * combined with the DOM library the monorepo compiles with; and the handle
 * itself exists only in a dedicated Worker. Obtaining one is asynchronous,
 * using it is not: every call below returns at once, `flush()` once the
 * bytes are on stable storage.
 */
export interface OpfsSyncAccessHandle {
  read(buffer: Uint8Array, options?: { at?: number }): number;
  write(buffer: Uint8Array, options?: { at?: number }): number;
  truncate(size: number): void;
  getSize(): number;
  flush(): void;
  close(): void;
}

/** Opens a sync access handle on a file; only a dedicated Worker can. */
export async function openSyncAccessHandle(
  file: FileSystemFileHandle,
): Promise<OpfsSyncAccessHandle> {
  const withHandles = file as FileSystemFileHandle & {
    createSyncAccessHandle?: () => Promise<OpfsSyncAccessHandle>;
  };
  if (withHandles.createSyncAccessHandle === undefined) {
    throw new Error(
      'OPFS sync access handles exist only in a dedicated Web Worker: open the POS engine there',
    );
  }
  return withHandles.createSyncAccessHandle();
}
