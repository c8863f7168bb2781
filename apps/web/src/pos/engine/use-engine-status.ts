import { useSyncExternalStore } from 'react';
import type { PosStatus } from '@tabline/pos';
import type { EngineClient } from './engine-client.ts';

/** The engine's status as the worker last posted it; re-renders on each new one. */
export function useEngineStatus(client: EngineClient): PosStatus | null {
  return useSyncExternalStore(
    (onChange) =>
      client.subscribe((notice) => {
        if (notice.type === 'status') onChange();
      }),
    () => client.status(),
  );
}
