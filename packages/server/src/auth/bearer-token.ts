import { createHash, randomBytes } from 'node:crypto';

/**
 * Bearer tokens are 32 random bytes, base64url, behind a prefix that says what
 * they are (`tl_dev_` a device, `tl_ses_` a staff session), so a leaked one
 * is recognisable in logs and secret scanners. Only their SHA-256 is stored:
 * a database leak does not hand out working tokens. A fast hash is right here
 * (unlike passwords): the token has 256 bits of entropy.
 */
export const TOKEN_KINDS = { device: 'tl_dev_', session: 'tl_ses_' } as const;
export type TokenKind = keyof typeof TOKEN_KINDS;

const TOKEN_BODY = /^[A-Za-z0-9_-]{43}$/;

export function makeToken(kind: TokenKind): string {
  return TOKEN_KINDS[kind] + randomBytes(32).toString('base64url');
}

/** Whether `token` could be a token of this kind; anything else is not looked up. */
export function isTokenShaped(kind: TokenKind, token: string): boolean {
  const prefix = TOKEN_KINDS[kind];
  return token.startsWith(prefix) && TOKEN_BODY.test(token.slice(prefix.length));
}

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

const BEARER = /^Bearer (\S+)$/;

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  return header === undefined ? undefined : BEARER.exec(header)?.[1];
}
