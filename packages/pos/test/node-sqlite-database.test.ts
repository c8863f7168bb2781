import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUSY_TIMEOUT_MS_DEFAULT, openNodeSqliteDatabase } from '../src/node/index.ts';
import { useTempDir } from './support/temp-dir.ts';

describe('node:sqlite adapter', () => {
  const tempDir = useTempDir();

  it('opens with WAL, fully synchronous commits, foreign keys and a busy time-out', () => {
    const db = openNodeSqliteDatabase(join(tempDir(), 'pos.db'));
    expect(db.get('PRAGMA journal_mode')).toEqual({ journal_mode: 'wal' });
    expect(db.get('PRAGMA synchronous')).toEqual({ synchronous: 2 });
    expect(db.get('PRAGMA foreign_keys')).toEqual({ foreign_keys: 1 });
    expect(db.get('PRAGMA busy_timeout')).toEqual({ timeout: BUSY_TIMEOUT_MS_DEFAULT });
    db.close();
  });

  it('refuses an in-memory database, which could not keep an order through a crash', () => {
    expect(() => openNodeSqliteDatabase(':memory:')).toThrow(/journal_mode is wal/);
  });
});
