import type { DeviceTokenResponse } from '@tabline/protocol';

/**
 * The device's credentials, from pairing. Kept in localStorage: the page
 * needs the token before the engine's worker opens the store, it must
 * survive reloads and restarts offline, and it is this origin's alone. The
 * store itself is named after the device, so pairing again as another
 * device never opens the previous device's sales.
 */
export type DeviceCredentials = DeviceTokenResponse;

const KEY = 'tabline.pos.device';

export function readDeviceCredentials(): DeviceCredentials | null {
  const saved = localStorage.getItem(KEY);
  if (saved === null) return null;
  try {
    return JSON.parse(saved) as DeviceCredentials;
  } catch {
    return null;
  }
}

export function saveDeviceCredentials(credentials: DeviceCredentials): void {
  localStorage.setItem(KEY, JSON.stringify(credentials));
}

export function forgetDeviceCredentials(): void {
  localStorage.removeItem(KEY);
}

/** The path of this device's store in the browser's storage (see `@tabline/pos/browser`). */
export function storeNameOf(credentials: DeviceCredentials): string {
  return `devices/${credentials.deviceId}/pos.db`;
}
