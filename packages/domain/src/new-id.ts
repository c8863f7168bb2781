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
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const UUID_PATTERN = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
