import { crc32 as zlibCrc32 } from 'node:zlib';
import { createSeededRandom } from '@tabline/domain';
import { describe, expect, it } from 'vitest';
import { crc32, crc32Text } from '../src/index.ts';

const SEED = Number(process.env['TEST_SEED'] ?? 20261124);

describe(`CRC-32 of the core (seed ${SEED})`, () => {
  it('matches zlib on known values', () => {
    expect(crc32Text('')).toBe(0);
    expect(crc32Text('abc')).toBe(zlibCrc32('abc'));
    expect(crc32Text('123456789')).toBe(0xcbf43926);
  });

  it('matches zlib on random bytes and on random text, UTF-8 of every width and lone surrogates included', () => {
    const random = createSeededRandom(SEED);
    const pieces = ['a', 'é', '€', '😀', '\u{10FFFF}', '\uD800', '\uDC00', '"', '\n', '\u0000'];
    for (let round = 0; round < 500; round++) {
      const bytes = random.bytes(Math.floor(random.next() * 300));
      expect(crc32(bytes)).toBe(zlibCrc32(bytes));
      const text = Array.from(
        { length: Math.floor(random.next() * 40) },
        () => pieces[Math.floor(random.next() * pieces.length)]!,
      ).join('');
      expect(crc32Text(text)).toBe(zlibCrc32(new TextEncoder().encode(text)));
    }
  });
});
