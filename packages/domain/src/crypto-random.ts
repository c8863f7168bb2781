import type { Random } from './random.ts';

/** Cryptographically strong randomness from the platform (Node or browser). */
export const cryptoRandom: Random = {
  next: () => {
    const word = new Uint32Array(1);
    globalThis.crypto.getRandomValues(word);
    return word[0]! / 0x1_0000_0000;
  },
  bytes: (length) => globalThis.crypto.getRandomValues(new Uint8Array(length)),
};
