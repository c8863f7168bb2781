import { describe, expect, it } from 'vitest';
import { UUID_PATTERN, createSeededRandom, newId } from '../src/index.ts';

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
