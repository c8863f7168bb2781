/**
 * HTTP Basic credentials (RFC 7617), the way Twilio's REST API authenticates:
 * the Account SID as user name, the auth token as password.
 */
export interface BasicCredentials {
  readonly username: string;
  readonly password: string;
}

export function parseBasicAuth(header: string | undefined): BasicCredentials | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (match?.[1] === undefined) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
