import { afterEach, beforeEach } from 'vitest';
import { PLATFORM_FILES } from './adapters.ts';

/** A fresh temporary directory per test, removed (with anything left open in it) after it. */
export function useTempDir(): () => string {
  let dir: string | undefined;
  beforeEach(() => {
    dir = PLATFORM_FILES.makeTempDir();
  });
  afterEach(() => {
    if (dir !== undefined) PLATFORM_FILES.removeTree(dir);
    dir = undefined;
  });
  return () => {
    if (dir === undefined) throw new Error('useTempDir() is read inside a test');
    return dir;
  };
}
