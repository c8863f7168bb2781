import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  length: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

/**
 * Password hashing: scrypt from `node:crypto` (no native addon), run on
 * libuv's thread pool so a sign-in never blocks the event loop. The default
 * cost is OWASP's recommendation for scrypt (N = 2^17, r = 8, p = 1: 128 MiB
 * and a few hundred milliseconds per guess). The parameters are stored with
 * each hash, so raising them later only affects new passwords.
 */
export interface PasswordCost {
  /** log2 of scrypt's N. */
  readonly log2N: number;
  readonly r: number;
  readonly p: number;
}

export const PASSWORD_COST_DEFAULT: PasswordCost = { log2N: 17, r: 8, p: 1 };

const SALT_BYTES = 16;
const HASH_BYTES = 32;
const FORMAT =
  /^scrypt\$(\d{1,2})\$(\d{1,2})\$(\d{1,2})\$([A-Za-z0-9_-]{22})\$([A-Za-z0-9_-]{43})$/;

export async function hashPassword(
  password: string,
  cost: PasswordCost = PASSWORD_COST_DEFAULT,
): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, cost);
  return `scrypt$${cost.log2N}$${cost.r}$${cost.p}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

/** Whether `password` matches `stored`; a malformed stored hash matches nothing. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const match = FORMAT.exec(stored);
  if (!match) return false;
  const cost = { log2N: Number(match[1]), r: Number(match[2]), p: Number(match[3]) };
  const expected = Buffer.from(match[5]!, 'base64url');
  const actual = await derive(password, Buffer.from(match[4]!, 'base64url'), cost);
  return timingSafeEqual(actual, expected);
}

function derive(password: string, salt: Buffer, cost: PasswordCost): Promise<Buffer> {
  const N = 2 ** cost.log2N;
  // scrypt needs 128 * N * r bytes; allow that and a little more.
  const maxmem = 128 * N * cost.r + 16 * 1024 * 1024;
  return scryptAsync(password.normalize('NFKC'), salt, HASH_BYTES, {
    N,
    r: cost.r,
    p: cost.p,
    maxmem,
  });
}
