/**
 * The order in which Node's store files move a database away: a crash at any
 * step of a quarantine or an erase must never leave a -wal at the store's
 * name without its main file, where SQLite would play it into the next
 * database to take the name. The crash is a file-system call that throws
 * at step k, for every k.
 */
import * as fs from 'node:fs';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createNodeStoreFiles } from '../src/node/index.ts';
import { useTempDir } from './support/temp-dir.ts';

type Fs = typeof fs;

vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<Fs>();
  return { ...actual, renameSync: vi.fn(actual.renameSync), rmSync: vi.fn(actual.rmSync) };
});

const actualFs = await vi.importActual<Fs>('node:fs');

/** Makes the `step`-th call of `name` throw, as if the process died there; counts every call. */
function crashAt(name: 'renameSync' | 'rmSync', step: number) {
  let calls = 0;
  vi.mocked(fs[name]).mockImplementation((...args: unknown[]) => {
    calls++;
    if (calls === step) throw new Error(`crash at ${name} #${step}`);
    return (actualFs[name] as (...a: unknown[]) => unknown)(...args);
  });
  return () => calls;
}

describe("a Node store's files moved away half-way", () => {
  const tempDir = useTempDir();
  afterEach(() => vi.mocked(fs.renameSync).mockReset());
  afterEach(() => vi.mocked(fs.rmSync).mockReset());

  /** A store at a fresh path with its main file, -wal, -shm and journal on disk. */
  const storeWithWal = (name: string) => {
    const path = join(tempDir(), `${name}.db`);
    for (const suffix of ['', '-wal', '-shm', '.journal']) writeFileSync(`${path}${suffix}`, name);
    return path;
  };

  const orphanWal = (path: string) => existsSync(`${path}-wal`) && !existsSync(path);

  /**
   * Runs `move` on a fresh store once per step, crashing at that step, until
   * a run gets through: none may leave an orphan -wal, and the run that gets
   * through makes `steps` calls and leaves no main file.
   */
  function crashAtEveryStep(
    name: 'renameSync' | 'rmSync',
    steps: number,
    move: (path: string) => void,
  ) {
    for (let step = 1; ; step++) {
      const path = storeWithWal(`${name}-${step}`);
      const calls = crashAt(name, step);
      let crashed = false;
      try {
        move(path);
      } catch {
        crashed = true;
      }
      expect(orphanWal(path), `crash at ${name} #${step}`).toBe(false);
      if (!crashed) {
        expect(calls()).toBe(steps);
        expect(existsSync(path)).toBe(false);
        return;
      }
    }
  }

  it('quarantine: never a -wal left without its main file, whichever move the crash stops', () => {
    // -wal, -shm, then the main file
    crashAtEveryStep('renameSync', 3, (path) =>
      createNodeStoreFiles(path).quarantine('label', () => '{}'),
    );
  });

  it('erase: never a -wal left without its main file, whichever removal the crash stops', () => {
    // the journal, -wal, -shm, then the main file
    crashAtEveryStep('rmSync', 4, (path) => createNodeStoreFiles(path).erase());
  });
});
