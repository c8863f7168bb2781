import type { SyncTransport } from '@tabline/pos';
import type { PushRequest, PushResponse } from '@tabline/protocol';

/**
 * Wraps a real transport to count its calls and keep the pushes it made, so
 * a test can prove that placing orders made no network call and replay
 * exactly what the POS sent.
 */
export interface RecordingTransport extends SyncTransport {
  readonly calls: () => number;
  readonly pushes: { request: PushRequest; response: PushResponse | null }[];
}

export function recordingTransport(inner: SyncTransport): RecordingTransport {
  let calls = 0;
  const pushes: RecordingTransport['pushes'] = [];
  return {
    calls: () => calls,
    pushes,
    push: async (request, signal) => {
      calls += 1;
      const result = await inner.push(request, signal);
      pushes.push({ request, response: result.ok ? result.value : null });
      return result;
    },
    pull: (query, signal) => {
      calls += 1;
      return inner.pull(query, signal);
    },
  };
}
