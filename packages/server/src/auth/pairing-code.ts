import { createHash, randomInt } from 'node:crypto';

/**
 * Pairing codes are what a manager reads off the dashboard and types into a
 * new device: 8 characters of Crockford's base32 (no I, L, O or U, so nothing
 * is misread), shown as `XXXX-XXXX`: 40 bits. They live 10 minutes, work
 * once, and guessing is throttled per address, so a guesser's chance is
 * negligible. Only a hash of the normalised code is stored.
 */
export const PAIRING_CODE_VALID_MS = 10 * 60_000;

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function makePairingCode(): string {
  let code = '';
  for (let i = 0; i < 8; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** As typed: case and the dash do not matter, and I, L, O read as 1, 1, 0. */
export function hashPairingCode(typed: string): Buffer {
  const normalized = typed
    .toUpperCase()
    .replaceAll('-', '')
    .replaceAll(/[IL]/g, '1')
    .replaceAll('O', '0');
  return createHash('sha256').update(normalized).digest();
}
