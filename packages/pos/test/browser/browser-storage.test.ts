/**
 * What the browser's storage does that Node's files do not need to:
 * it opens only in a dedicated Worker, and it gives each database file one
 * connection at a time (its VFS has no locks). Browser only
 * (vitest.config.ts keeps the test/browser folder out of the Node project).
 */
import { describe, expect, it } from 'vitest';
import { openBrowserStorage } from '../../src/browser/index.ts';
import { SqliteError } from '../../src/index.ts';
import { PLATFORM } from '../support/adapters.ts';
import { useTempDir } from '../support/temp-dir.ts';
import { joinPath } from '../support/test-platform.ts';

describe('the browser storage', () => {
  const tempDir = useTempDir();

  it('refuses to open outside a dedicated Worker, where OPFS has no sync access handles', async () => {
    await expect(openBrowserStorage()).rejects.toThrow(/dedicated Web Worker/);
  });

  it('refuses a second connection to a database file with SQLITE_BUSY, and takes one again once the first is closed', () => {
    const path = joinPath(tempDir(), 'pos.db');
    const first = PLATFORM.open(path);
    first.exec('CREATE TABLE t (v)');

    let refused: unknown;
    try {
      PLATFORM.open(path).close();
    } catch (error) {
      refused = error;
    }

    expect(refused).toBeInstanceOf(SqliteError);
    expect((refused as SqliteError).primaryResultCode).toBe(5);
    first.close();
    const again = PLATFORM.open(path);
    expect(again.all("SELECT name FROM sqlite_master WHERE type = 'table'")).toEqual([
      { name: 't' },
    ]);
    again.close();
  });
});
