import { createHash, randomBytes } from 'node:crypto';

/**
 * Device tokens are 32 random bytes, base64url, behind a `tl_dev_` prefix so a
 * leaked one is recognisable in logs and secret scanners. Only their SHA-256
 * is stored: a database leak does not hand out working tokens. A fast hash
 * is right here (unlike passwords): the token has 256 bits of entropy.
 */
export const DEVICE_TOKEN_PREFIX = 'tl_dev_';

const DEVICE_TOKEN_PATTERN = /^tl_dev_[A-Za-z0-9_-]{43}$/;

export function makeDeviceToken(): string {
  return DEVICE_TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export function isDeviceTokenShaped(token: string): boolean {
  return DEVICE_TOKEN_PATTERN.test(token);
}

export function hashDeviceToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
