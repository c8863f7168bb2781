/**
 * A manager's approval of a void or a refund, made on a POS that may be
 * offline, and checked by the server when the work item arrives.
 *
 * A manager sets a PIN on the server. The server keeps the PIN's slow hash,
 * the *PIN key* (PBKDF2-SHA256 with a random salt), as it keeps a password
 * hash, and gives devices of the manager's events only the key's *verifier*
 * (its SHA-256), the salt and the iteration count. To approve, the manager
 * types the PIN on the POS: the POS derives the key, checks it against the
 * verifier (so a wrong PIN is refused at the counter, offline), and signs the
 * adjustment with it (HMAC-SHA256 over every field that matters). The server
 * checks the signature with the key it kept. So a device never holds what it
 * takes to approve: a cashier with the device, or its database, still needs
 * the PIN. (A PIN is short: someone with the verifier could search every PIN
 * offline, which the iteration count only slows. Blocking the device and
 * changing the PIN is the answer to a stolen tablet.)
 *
 * Everything here uses WebCrypto, so the POS in a browser and in Node and the
 * server compute the same bytes.
 */

/** A PIN is 4 to 8 digits. */
export const MANAGER_PIN_PATTERN = '^[0-9]{4,8}$';

/** PBKDF2-SHA256 iterations of a new PIN key: about 50 ms on a tablet. */
export const PIN_KEY_ITERATIONS = 100_000;

/** The bounds on iterations a stored or pulled PIN key may state. */
export const PIN_KEY_ITERATIONS_MIN = 1_000;
export const PIN_KEY_ITERATIONS_MAX = 10_000_000;

/** Bytes of salt, of the key and of its verifier; each travels as lower-case hex. */
export const PIN_SALT_BYTES = 16;
export const PIN_KEY_BYTES = 32;

/** What a POS holds about one manager's PIN: enough to check it, not to sign. */
export interface PinVerifier {
  readonly staffUserId: string;
  readonly pinKeyId: string;
  readonly saltHex: string;
  readonly iterations: number;
  readonly verifierHex: string;
}

export type AdjustmentKind = 'void' | 'refund';

/** The fields of an adjustment an approval covers: change any one and the proof fails. */
export interface ApprovedFields {
  readonly kind: AdjustmentKind;
  readonly adjustmentId: string;
  readonly orderId: string;
  /** The refunded amount; null for a void, which takes back what is left of the order. */
  readonly amountCents: number | null;
  readonly reason: string;
  readonly placedAt: string;
  readonly staffUserId: string;
  readonly pinKeyId: string;
}

export function isManagerPin(pin: string): boolean {
  return new RegExp(MANAGER_PIN_PATTERN).test(pin);
}

/** The PIN key: PBKDF2-SHA256 of the PIN with the salt. */
export async function derivePinKey(
  pin: string,
  saltHex: string,
  iterations: number,
): Promise<Uint8Array> {
  const material = await subtle().importKey('raw', utf8(pin), 'PBKDF2', false, ['deriveBits']);
  const bits = await subtle().deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: fromHex(saltHex), iterations },
    material,
    PIN_KEY_BYTES * 8,
  );
  return new Uint8Array(bits);
}

/** The verifier a device gets: SHA-256 of the PIN key, hex. */
export async function pinKeyVerifier(key: Uint8Array): Promise<string> {
  return toHex(new Uint8Array(await subtle().digest('SHA-256', bytes(key))));
}

/**
 * The PIN key, if `pin` is the PIN `verifier` was made from; null otherwise.
 * The POS asks who approves (a manager picks their name) and checks that
 * one verifier: one derivation per attempt, however many managers there are.
 */
export async function unlockPinKey(pin: string, verifier: PinVerifier): Promise<Uint8Array | null> {
  if (!isManagerPin(pin)) return null;
  const key = await derivePinKey(pin, verifier.saltHex, verifier.iterations);
  return (await pinKeyVerifier(key)) === verifier.verifierHex ? key : null;
}

/** The exact bytes an approval signs: every approved field, in a fixed order. */
export function approvalMessage(fields: ApprovedFields): string {
  return JSON.stringify([
    'tabline-approval-v1',
    fields.kind,
    fields.adjustmentId,
    fields.orderId,
    fields.amountCents,
    fields.reason,
    fields.placedAt,
    fields.staffUserId,
    fields.pinKeyId,
  ]);
}

/** The approval proof: HMAC-SHA256 of the message with the PIN key, hex. */
export async function approvalProof(key: Uint8Array, fields: ApprovedFields): Promise<string> {
  const hmac = await hmacKey(key, 'sign');
  const signature = await subtle().sign('HMAC', hmac, utf8(approvalMessage(fields)));
  return toHex(new Uint8Array(signature));
}

/** Whether `proofHex` is the proof of `fields` under `key` (compared in constant time). */
export async function verifyApprovalProof(
  key: Uint8Array,
  fields: ApprovedFields,
  proofHex: string,
): Promise<boolean> {
  if (!/^[0-9a-f]{64}$/.test(proofHex)) return false;
  const hmac = await hmacKey(key, 'verify');
  return subtle().verify('HMAC', hmac, fromHex(proofHex), utf8(approvalMessage(fields)));
}

function hmacKey(key: Uint8Array, usage: 'sign' | 'verify') {
  return subtle().importKey('raw', bytes(key), { name: 'HMAC', hash: 'SHA-256' }, false, [usage]);
}

function subtle(): SubtleCrypto {
  return globalThis.crypto.subtle;
}

function utf8(text: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(text);
}

/** A copy backed by a plain ArrayBuffer, as WebCrypto's types ask. */
function bytes(source: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(source);
}

export function toHex(data: Uint8Array): string {
  let hex = '';
  for (const byte of data) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

export function fromHex(hex: string): Uint8Array<ArrayBuffer> {
  if (!/^(?:[0-9a-f]{2})*$/.test(hex)) throw new Error('Not lower-case hex');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}
