import { PAIR_DEVICE_PATH } from '@tabline/protocol';
import type { Problem } from '@tabline/protocol';
import type { DeviceCredentials } from './device-credentials.ts';

export type PairOutcome =
  | { readonly ok: true; readonly credentials: DeviceCredentials }
  | { readonly ok: false; readonly message: string };

/** Trades a pairing code from the dashboard for this device's own token. */
export async function pairDevice(code: string): Promise<PairOutcome> {
  let response: Response;
  try {
    response = await fetch(PAIR_DEVICE_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: code.trim() }),
      signal: AbortSignal.timeout(10_000),
    });
  } catch {
    return { ok: false, message: 'No connection to the server: pairing needs the network once.' };
  }
  if (response.ok) return { ok: true, credentials: (await response.json()) as DeviceCredentials };
  const problem = (await response.json().catch(() => null)) as Problem | null;
  return {
    ok: false,
    message: problem?.detail ?? problem?.title ?? `Pairing failed (${response.status}).`,
  };
}
