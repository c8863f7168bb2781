import type { PosStatus, StoreOpenReport } from '@tabline/pos';
import type {
  EngineCall,
  EngineMethod,
  EngineNotice,
  EngineResult,
  OpenEngine,
  WorkerMessage,
} from './engine-protocol.ts';

/** The page's handle on the engine in its worker. */
export interface EngineClient {
  /** Calls an engine method in the worker; refusals come back as the engine's values. */
  call<M extends EngineMethod>(
    method: M,
    ...args: Extract<EngineCall, { method: M }>['args']
  ): Promise<EngineResult<M>>;
  /** The latest status the worker posted, or null before the first. */
  status(): PosStatus | null;
  /** Called with every new status, engine event and finished pull; returns the unsubscribe. */
  subscribe(listener: (notice: EngineNotice) => void): () => void;
  terminate(): void;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/**
 * Starts the worker and opens the store in it; resolves once the engine is
 * open (its checks done, any recovery finished) with what the open found.
 */
export function openEngineClient(
  request: Omit<OpenEngine, 'type'>,
): Promise<{ client: EngineClient; report: StoreOpenReport }> {
  const worker = new Worker(new URL('./pos-worker.ts', import.meta.url), { type: 'module' });
  const pending = new Map<number, Pending>();
  const listeners = new Set<(notice: EngineNotice) => void>();
  let latest: PosStatus | null = null;
  let nextId = 1;
  const notify = (notice: EngineNotice) => {
    for (const listener of listeners) listener(notice);
  };
  const client: EngineClient = {
    call(method, ...args) {
      const id = nextId++;
      const message = { type: 'call', id, method, args };
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage(message);
      });
    },
    status: () => latest,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    terminate() {
      worker.terminate();
      for (const call of pending.values()) call.reject(new Error('the POS engine stopped'));
      pending.clear();
    },
  };
  return new Promise((resolve, reject) => {
    worker.addEventListener('error', (event) => reject(new Error(event.message)));
    worker.addEventListener('message', (event: MessageEvent<WorkerMessage>) => {
      const message = event.data;
      switch (message.type) {
        case 'opened':
          resolve({ client, report: message.report });
          break;
        case 'open-failed':
          worker.terminate();
          reject(new Error(message.message));
          break;
        case 'reply': {
          const call = pending.get(message.id);
          pending.delete(message.id);
          if (message.ok) call?.resolve(message.value);
          else call?.reject(new Error(message.message));
          break;
        }
        case 'status':
          latest = message.status;
          notify({ type: 'status' });
          break;
        case 'event':
          notify({ type: 'event', event: message.event });
          break;
        case 'pulled':
          notify({ type: 'pulled' });
          break;
        default: {
          const unexpected: never = message;
          throw new Error(`unexpected message from the POS worker: ${String(unexpected)}`);
        }
      }
    });
    worker.postMessage({ type: 'open', ...request } satisfies OpenEngine);
  });
}
