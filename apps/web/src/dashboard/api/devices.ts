import type {
  CreatePairingCodeRequest,
  DeviceDetails,
  PairingCodeResponse,
} from '@tabline/protocol';
import type { Static } from 'typebox';
import type { ApiClient } from './api-client.ts';
import { eventPath } from './event-path.ts';
import { listAllPages } from './list-all-pages.ts';
import type { Listed } from './list-all-pages.ts';

/** The most devices the fleet table reads: far more tablets than any event has. */
export const DEVICES_LISTED_MAX = 2_000;

export type PairingCode = Static<typeof PairingCodeResponse>;

/** `GET /v1/events/:eventId/devices`: the fleet, with each device's last heartbeat. */
export function listDevices(
  api: ApiClient,
  eventId: string,
  signal?: AbortSignal,
): Promise<Listed<DeviceDetails>> {
  return listAllPages(api, eventPath(eventId, 'devices'), {
    itemsMax: DEVICES_LISTED_MAX,
    ...(signal ? { signal } : {}),
  });
}

/** `POST /v1/events/:eventId/pairing-codes`: a one-time code a new POS pairs with. */
export function createPairingCode(
  api: ApiClient,
  eventId: string,
  request: CreatePairingCodeRequest,
): Promise<PairingCode> {
  return api.request('POST', eventPath(eventId, 'pairing-codes'), { body: request });
}

/** `POST /v1/events/:eventId/devices/:deviceId/revoke`: every token of the device stops working. */
export function revokeDevice(api: ApiClient, eventId: string, deviceId: string): Promise<void> {
  return api.request('POST', eventPath(eventId, 'devices', deviceId, 'revoke'));
}
