import { describe, expect, it } from 'vitest';
import { countSmsSegments } from '../src/index.ts';

describe('countSmsSegments', () => {
  it('fits 160 GSM-7 characters in one segment and 153 per segment beyond', () => {
    expect(countSmsSegments('a'.repeat(160))).toBe(1);
    expect(countSmsSegments('a'.repeat(161))).toBe(2);
    expect(countSmsSegments('a'.repeat(306))).toBe(2);
    expect(countSmsSegments('a'.repeat(307))).toBe(3);
  });

  it('counts characters of the GSM-7 extension table twice', () => {
    expect(countSmsSegments('€'.repeat(80))).toBe(1);
    expect(countSmsSegments('€'.repeat(81))).toBe(2);
  });

  it('switches the whole body to UCS-2 for any other character', () => {
    expect(countSmsSegments(`${'a'.repeat(69)}👍`)).toBe(2); // the emoji takes 2 code units
    expect(countSmsSegments('ü'.repeat(70))).toBe(1); // ü is in GSM-7
    expect(countSmsSegments('ž'.repeat(70))).toBe(1);
    expect(countSmsSegments('ž'.repeat(71))).toBe(2);
    expect(countSmsSegments('ž'.repeat(135))).toBe(3);
  });

  it('gives one segment for an empty body (a media-only message)', () => {
    expect(countSmsSegments('')).toBe(1);
  });
});
