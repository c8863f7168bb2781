import type { Clock } from './clock.ts';
import type { Random } from './random.ts';

/**
 * A UUID version 7 (RFC 9562): 48 bits of milliseconds, then random bits.
 * Ids made this way sort by creation time, which keeps PostgreSQL's primary
 * key indexes append-mostly. Devices make the ids of what they create (orders,
 * idempotency keys) and store them before sending, so every retry reuses them.
 */
export function newId(clock: Clock, random: Random): string {
  const bytes = random.bytes(16);
  let ms = clock.now();
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = (bytes[6]! & 0x0f) | 0x70; // version 7
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 9562 variant
  let id = '';
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) id += '-';
    id += HEX[bytes[i]!];
  }
  return id;
}

/** Two hex digits of every byte value, so formatting an id is sixteen lookups. */
const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

export const UUID_PATTERN = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
