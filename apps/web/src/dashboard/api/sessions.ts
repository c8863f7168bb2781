import type { SessionResponse, SignInRequest } from '@tabline/protocol';
import type { ApiClient } from './api-client.ts';

/** `POST /v1/sessions`: a member of staff signs in with email and password. */
export function signIn(api: ApiClient, request: SignInRequest): Promise<SessionResponse> {
  return api.request('POST', '/v1/sessions', { body: request });
}

/** `DELETE /v1/sessions/current`: the session's token stops working at once. */
export function signOut(api: ApiClient): Promise<void> {
  return api.request('DELETE', '/v1/sessions/current');
}
