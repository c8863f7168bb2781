/**
 * CRC-32 (IEEE 802.3, the polynomial of zlib, gzip and PNG), the same in Node
 * and in a browser: in plain TypeScript, and on Node through zlib's own,
 * which computes the very same function several times faster. It detects
 * every burst error of up to 32 bits and any other random damage with a
 * chance of 1 in 2^32 of missing it, which is what damage to a file looks
 * like; it is not a defence against forgery.
 *
 * Every order checksums its rows and its journal record (some kilobytes),
 * and the checks at open checksum every row of the store, so this is on both
 * hot paths. The TypeScript one is slicing-by-8 (eight 256-entry tables,
 * eight bytes per step); `test/crc32.test.ts` checks it against zlib.
 */

const TABLES = makeTables();
const T0 = TABLES.subarray(0, 256);
const T1 = TABLES.subarray(256, 512);
const T2 = TABLES.subarray(512, 768);
const T3 = TABLES.subarray(768, 1024);
const T4 = TABLES.subarray(1024, 1280);
const T5 = TABLES.subarray(1280, 1536);
const T6 = TABLES.subarray(1536, 1792);
const T7 = TABLES.subarray(1792, 2048);

function makeTables(): Uint32Array {
  const tables = new Uint32Array(8 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    tables[n] = c >>> 0;
  }
  for (let n = 0; n < 256; n++) {
    for (let slice = 1; slice < 8; slice++) {
      const previous = tables[(slice - 1) * 256 + n]!;
      tables[slice * 256 + n] = (previous >>> 8) ^ tables[previous & 0xff]!;
    }
  }
  return tables;
}

/**
 * zlib's CRC-32 when the platform is Node: `process.getBuiltinModule` finds
 * it without this module importing Node (so a browser build takes none).
 */
type NativeCrc32 = (data: Uint8Array | string) => number;
const nativeCrc32 = findNativeCrc32();

function findNativeCrc32(): NativeCrc32 | null {
  const platform = globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } };
  const zlib = platform.process?.getBuiltinModule?.('node:zlib') as
    { crc32?: NativeCrc32 } | undefined;
  return typeof zlib?.crc32 === 'function' ? zlib.crc32 : null;
}

/** The CRC-32 of the first `length` bytes, as an unsigned 32-bit integer. */
export function crc32(bytes: Uint8Array, length = bytes.length): number {
  if (nativeCrc32 === null) return tableCrc32(bytes, length);
  return nativeCrc32(length === bytes.length ? bytes : bytes.subarray(0, length));
}

/**
 * The CRC-32 of a string's UTF-8 encoding (a lone surrogate counts as
 * U+FFFD, as TextEncoder writes it).
 */
export function crc32Text(text: string): number {
  return nativeCrc32 === null ? tableCrc32Text(text) : nativeCrc32(text);
}

/** `crc32` in TypeScript, as a browser computes it. */
export function tableCrc32(bytes: Uint8Array, length = bytes.length): number {
  let crc = 0xffffffff;
  let i = 0;
  for (; length - i >= 8; i += 8) {
    const low =
      (crc ^ (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24))) >>>
      0;
    const high =
      bytes[i + 4]! | (bytes[i + 5]! << 8) | (bytes[i + 6]! << 16) | (bytes[i + 7]! << 24);
    crc =
      T7[low & 0xff]! ^
      T6[(low >>> 8) & 0xff]! ^
      T5[(low >>> 16) & 0xff]! ^
      T4[low >>> 24]! ^
      T3[high & 0xff]! ^
      T2[(high >>> 8) & 0xff]! ^
      T1[(high >>> 16) & 0xff]! ^
      T0[high >>> 24]!;
  }
  for (; i < length; i++) crc = T0[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const encoder = new TextEncoder();
/** Reused for every string: checking a row allocates nothing once it has grown. */
let scratch = new Uint8Array(4096);

/** `crc32Text` in TypeScript, as a browser computes it. */
export function tableCrc32Text(text: string): number {
  // UTF-8 takes at most 3 bytes per UTF-16 code unit.
  if (scratch.length < text.length * 3) scratch = new Uint8Array(text.length * 3);
  const { written } = encoder.encodeInto(text, scratch);
  return tableCrc32(scratch, written);
}
