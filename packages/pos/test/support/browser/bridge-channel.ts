/**
 * The shared memory the browser tests' synchronous bridge talks through
 * (`sync-bridge.ts` in the test's page, `store-worker.ts` in the Worker):
 * a control word and one message at a time, in a growable
 * SharedArrayBuffer.
 *
 *     Int32 [0]: state   Int32 [1]: message length   bytes 8…: the message
 *
 * A message is JSON with byte arrays set apart (no base64): a 32-bit JSON
 * length, a 32-bit count of byte arrays, their lengths, the JSON, the
 * bytes. In the JSON, `{"$bytes": i}` is the i-th byte array,
 * `{"$bigint": "…"}` a bigint and `{"$callback": id}` a function of the
 * page the Worker may call back while it answers.
 */

export const STATE = {
  /** Nothing in flight; the page may write a request. */
  idle: 0,
  /** The page wrote a request; the Worker answers. */
  request: 1,
  /** The Worker wrote the answer; the page reads it and goes back to idle. */
  response: 2,
  /** The Worker, in the middle of a request, asks the page to run a callback. */
  callback: 3,
  /** The page wrote the callback's result; the Worker goes on. */
  callbackResult: 4,
} as const;

const HEADER_BYTES = 8;
const INITIAL_BYTES = 1 << 20;
/** The largest message: a store's files travel whole, and a test's stores are small. */
export const MESSAGE_BYTES_MAX = 256 << 20;

export interface BridgeChannel {
  readonly buffer: SharedArrayBuffer;
  readonly control: Int32Array;
}

export function createBridgeChannel(): BridgeChannel {
  const buffer = new SharedArrayBuffer(INITIAL_BYTES, {
    maxByteLength: HEADER_BYTES + MESSAGE_BYTES_MAX,
  });
  return { buffer, control: new Int32Array(buffer, 0, 2) };
}

export function attachBridgeChannel(buffer: SharedArrayBuffer): BridgeChannel {
  return { buffer, control: new Int32Array(buffer, 0, 2) };
}

/** Writes a message and moves to `state`, waking the other side. */
export function send(channel: BridgeChannel, state: number, message: unknown): void {
  const encoded = encode(message);
  const needed = HEADER_BYTES + encoded.length;
  if (channel.buffer.byteLength < needed) channel.buffer.grow(needed);
  new Uint8Array(channel.buffer, HEADER_BYTES, encoded.length).set(encoded);
  Atomics.store(channel.control, 1, encoded.length);
  Atomics.store(channel.control, 0, state);
  Atomics.notify(channel.control, 0);
}

/** Reads the message the other side wrote. */
export function receive(channel: BridgeChannel): unknown {
  const length = Atomics.load(channel.control, 1);
  return decode(new Uint8Array(channel.buffer, HEADER_BYTES, length).slice());
}

function encode(message: unknown): Uint8Array {
  const blobs: Uint8Array[] = [];
  const json = new TextEncoder().encode(
    JSON.stringify(message, (_key, value: unknown) => {
      if (value instanceof Uint8Array) return { $bytes: blobs.push(value) - 1 };
      if (typeof value === 'bigint') return { $bigint: value.toString() };
      return value;
    }),
  );
  const header = new DataView(new ArrayBuffer(8 + 4 * blobs.length));
  header.setUint32(0, json.length);
  header.setUint32(4, blobs.length);
  blobs.forEach((blob, index) => header.setUint32(8 + 4 * index, blob.length));
  const parts = [new Uint8Array(header.buffer), json, ...blobs];
  const whole = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    whole.set(part, offset);
    offset += part.length;
  }
  return whole;
}

function decode(bytes: Uint8Array): unknown {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const jsonLength = view.getUint32(0);
  const blobCount = view.getUint32(4);
  let offset = 8 + 4 * blobCount;
  const json = new TextDecoder().decode(bytes.subarray(offset, offset + jsonLength));
  offset += jsonLength;
  const blobs: Uint8Array[] = [];
  for (let index = 0; index < blobCount; index++) {
    const length = view.getUint32(8 + 4 * index);
    blobs.push(bytes.subarray(offset, offset + length));
    offset += length;
  }
  return JSON.parse(json, (_key, value: unknown) => {
    if (typeof value !== 'object' || value === null) return value;
    if ('$bytes' in value) return blobs[(value as { $bytes: number }).$bytes];
    if ('$bigint' in value) return BigInt((value as { $bigint: string }).$bigint);
    return value;
  });
}
