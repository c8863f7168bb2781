import { describe, expect, it } from 'vitest';
import { UUID_PATTERN, createSeededRandom, cryptoRandom, newId } from '../src/index.ts';

describe('newId', () => {
  it('makes version 7 UUIDs that sort by time', () => {
    const random = createSeededRandom(7);
    const early = newId({ now: () => 1_700_000_000_000 }, random);
    const late = newId({ now: () => 1_700_000_000_001 }, random);
    expect(early).toMatch(new RegExp(UUID_PATTERN));
    expect(early[14]).toBe('7');
    expect(early < late).toBe(true);
  });

  it('replays the same ids from the same seed', () => {
    const clock = { now: () => 1_700_000_000_000 };
    const a = createSeededRandom(42);
    const b = createSeededRandom(42);
    expect(newId(clock, a)).toBe(newId(clock, b));
    expect(newId(clock, a)).not.toBe(newId(clock, createSeededRandom(43)));
  });
});

describe('cryptoRandom', () => {
  it('hands out fresh bytes across refills of its pool', () => {
    const clock = { now: () => 1_700_000_000_000 };
    // 16 bytes an id: 2,000 ids run through the 4 KiB pool several times.
    const ids = Array.from({ length: 2_000 }, () => newId(clock, cryptoRandom));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(new RegExp(UUID_PATTERN));
    const big = cryptoRandom.bytes(5_000);
    expect(big).toHaveLength(5_000);
    expect(new Set(big).size).toBeGreaterThan(200);
  });

  it('answers floats in [0, 1)', () => {
    const floats = Array.from({ length: 1_000 }, () => cryptoRandom.next());
    for (const x of floats) expect(x >= 0 && x < 1).toBe(true);
    expect(new Set(floats).size).toBe(floats.length);
  });
});
