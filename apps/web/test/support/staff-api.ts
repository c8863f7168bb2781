import { randomUUID } from 'node:crypto';

/**
 * The staff API as the dashboard calls it, for tests that set the scene
 * (a pairing code, a manager's PIN, an online refund, a blocked band)
 * without going through the dashboard's screens.
 */
export interface StaffApi {
  readonly token: string;
  request<T>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<T>;
}

export async function signInStaff(
  baseUrl: string,
  email: string,
  password: string,
): Promise<StaffApi> {
  const session = await send<{ token: string }>(baseUrl, 'POST', '/v1/sessions', null, {
    email,
    password,
  });
  return {
    token: session.token,
    request: (method, path, body, headers) =>
      send(baseUrl, method, path, session.token, body, headers),
  };
}

async function send<T>(
  baseUrl: string,
  method: string,
  path: string,
  token: string | null,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const response = await fetch(baseUrl + path, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return (text === '' ? null : JSON.parse(text)) as T;
}

export const idempotencyKey = () => ({ 'idempotency-key': randomUUID() });
