import { crc32 as zlibCrc32 } from 'node:zlib';
import { createSeededRandom } from '@tabline/domain';
import { describe, expect, it } from 'vitest';
import { crc32, crc32Text, tableCrc32, tableCrc32Text } from '../src/index.ts';

const SEED = Number(process.env['TEST_SEED'] ?? 20261124);

describe(`CRC-32 of the core (seed ${SEED})`, () => {
  it('matches zlib on known values, in TypeScript as on Node', () => {
    for (const checksum of [crc32Text, tableCrc32Text]) {
      expect(checksum('')).toBe(0);
      expect(checksum('abc')).toBe(zlibCrc32('abc'));
      expect(checksum('123456789')).toBe(0xcbf43926);
    }
  });

  it('matches zlib on random bytes (whole and in part) and on random text, UTF-8 of every width and lone surrogates included, in TypeScript as on Node', () => {
    const random = createSeededRandom(SEED);
    const pieces = ['a', 'é', '€', '😀', '\u{10FFFF}', '\uD800', '\uDC00', '"', '\n', '\u0000'];
    for (let round = 0; round < 500; round++) {
      const bytes = random.bytes(Math.floor(random.next() * 300));
      const length = Math.floor(random.next() * (bytes.length + 1));
      expect(tableCrc32(bytes)).toBe(zlibCrc32(bytes));
      expect(crc32(bytes)).toBe(zlibCrc32(bytes));
      expect(tableCrc32(bytes, length)).toBe(zlibCrc32(bytes.subarray(0, length)));
      expect(crc32(bytes, length)).toBe(zlibCrc32(bytes.subarray(0, length)));
      const text = Array.from(
        { length: Math.floor(random.next() * 40) },
        () => pieces[Math.floor(random.next() * pieces.length)]!,
      ).join('');
      const expected = zlibCrc32(new TextEncoder().encode(text));
      expect(tableCrc32Text(text)).toBe(expected);
      expect(crc32Text(text)).toBe(expected);
    }
  });
});
