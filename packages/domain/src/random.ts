/**
 * Source of randomness. Engine code takes one of these instead of calling
 * `Math.random()` or `crypto`, so a seeded run can be replayed exactly.
 */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** `length` random bytes. */
  bytes(length: number): Uint8Array;
}

/**
 * A deterministic generator (sfc32) for tests and the simulator: the same seed
 * gives the same sequence on every platform. Not for secrets.
 */
export function createSeededRandom(seed: number): Random {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const nextUint32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // Warm up so that nearby seeds diverge.
  for (let i = 0; i < 16; i++) nextUint32();
  return {
    next: () => nextUint32() / 0x1_0000_0000,
    bytes: (length) => {
      const out = new Uint8Array(length);
      for (let i = 0; i < length; i++) out[i] = nextUint32() & 0xff;
      return out;
    },
  };
}
