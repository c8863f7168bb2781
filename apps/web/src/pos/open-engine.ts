import { openEngineClient } from './engine/engine-client.ts';
import type { DeviceCredentials } from './device-credentials.ts';
import { storeNameOf } from './device-credentials.ts';

type Opened = Awaited<ReturnType<typeof openEngineClient>>;

/**
 * One engine per store for the page's life: OPFS lets one worker hold a
 * store's files, and React may run an effect twice. A failed open is
 * forgotten, so the next attempt tries again.
 */
const opening = new Map<string, Promise<Opened>>();

export function openEngine(credentials: DeviceCredentials): Promise<Opened> {
  const storeName = storeNameOf(credentials);
  let opened = opening.get(storeName);
  if (opened === undefined) {
    opened = openEngineClient({
      storeName,
      deviceToken: credentials.token,
      baseUrl: location.origin,
      online: navigator.onLine,
    });
    opening.set(storeName, opened);
    opened.catch(() => opening.delete(storeName));
  }
  return opened;
}

/** After a sign-out: the store is closed, so its worker is stopped and forgotten. */
export function forgetEngine(credentials: DeviceCredentials): void {
  const storeName = storeNameOf(credentials);
  void opening.get(storeName)?.then(({ client }) => client.terminate());
  opening.delete(storeName);
}
