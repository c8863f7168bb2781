/**
 * The records of the work-item journal. One record per line:
 *
 *     <crc32 of the JSON, 8 lowercase hex digits> <JSON> \n
 *
 * JSON.stringify never writes a raw line break, so a line break always ends
 * a record, and a damaged record costs that line only: the reader finds the
 * next record at the next line break. A record cut short by a crash during
 * its append has no line break, or a checksum that does not match.
 *
 * - `checkpoint`: first line of every journal. Every seq up to `seqMax` that
 *   no `queued` record of this journal lists was acknowledged (or withdrawn).
 * - `queued`: a work item placeOrder (or adjustOrder) stored, with its exact
 *   payload JSON. Written and fsynced after the SQLite commit, before
 *   placeOrder returns.
 * - `acknowledged`: the server answered these seqs (accepted or rejected)
 *   and the answer is applied. Not fsynced: a lost one only causes a resend,
 *   which the server answers from its idempotency record.
 * - `commit`: the store made this many write transactions (after a sync or a
 *   pull), so that losing one of those from the file shows too.
 * - `torn`: the line before this one is an append a crash cut short, sealed
 *   off by a line break at the next open; not damage.
 *
 * Every record but `torn` carries `commitSeq`: the store's count of write
 * transactions right after the one it follows.
 */
import { assert } from '@tabline/domain';
import type { WorkItemKind } from '@tabline/protocol';
import { crc32 } from '../integrity/crc32.ts';

/** The journal format this engine writes and reads. */
export const JOURNAL_FORMAT_VERSION = 1;

/**
 * The longest line the journal holds, in bytes. A work item is bounded by the
 * order limits to some tens of KiB; a line longer than this is damage, and
 * the reader skips it without holding it in memory.
 */
export const JOURNAL_LINE_BYTES_MAX = 1024 * 1024;

export interface CheckpointRecord {
  readonly type: 'checkpoint';
  readonly version: number;
  readonly seqMax: number;
  readonly commitSeq: number;
}

export interface QueuedRecord {
  readonly type: 'queued';
  readonly seq: number;
  readonly idempotencyKey: string;
  readonly kind: WorkItemKind;
  readonly orderId: string | null;
  readonly amountCents: number;
  readonly createdAt: number;
  readonly commitSeq: number;
  /** The work item's exact JSON, as the outbox's payload column holds it. */
  readonly payload: string;
}

export interface AcknowledgedRecord {
  readonly type: 'acknowledged';
  readonly seqs: readonly number[];
  readonly commitSeq: number;
}

export interface CommitRecord {
  readonly type: 'commit';
  readonly commitSeq: number;
}

export interface TornRecord {
  readonly type: 'torn';
  /** The length of the cut-short line before it, without its line break. */
  readonly bytes: number;
}

export type JournalRecord =
  CheckpointRecord | QueuedRecord | AcknowledgedRecord | CommitRecord | TornRecord;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });
const SPACE = 0x20;
const LINE_BREAK = 0x0a;
const CHECKSUM_HEX_DIGITS = 8;
const HEX_DIGITS = encoder.encode('0123456789abcdef');

/** One record as its line, line break included. */
export function encodeRecord(record: JournalRecord): Uint8Array {
  const json = JSON.stringify(record);
  // The JSON is encoded once, straight into the line, and the checksum taken
  // over those bytes: every order journals a record of about a kilobyte, and
  // encoding it for the checksum, then the whole line again, did it twice.
  const start = CHECKSUM_HEX_DIGITS + 1;
  const { line, end } = encodeInto(json, start);
  assert(end + 1 <= JOURNAL_LINE_BYTES_MAX, 'a journal record fits in a line');
  writeHex(line, crc32(line.subarray(start, end)));
  line[CHECKSUM_HEX_DIGITS] = SPACE;
  line[end] = LINE_BREAK;
  return line.subarray(0, end + 1);
}

/**
 * The UTF-8 of `json` at `start` of a new line buffer with a byte to spare,
 * and where it ends. A line of ASCII (most are) takes one byte per code
 * unit; anything else gets room for the most UTF-8 can take, 3 per unit.
 */
function encodeInto(json: string, start: number): { line: Uint8Array; end: number } {
  const ascii = new Uint8Array(start + json.length + 1);
  const { read, written } = encoder.encodeInto(json, ascii.subarray(start, start + json.length));
  if (read === json.length) return { line: ascii, end: start + written };
  const line = new Uint8Array(start + json.length * 3 + 1);
  return { line, end: start + encoder.encodeInto(json, line.subarray(start)).written };
}

/** The checksum as 8 lowercase hex digits at the start of `line`. */
function writeHex(line: Uint8Array, checksum: number): void {
  for (let i = CHECKSUM_HEX_DIGITS - 1, rest = checksum; i >= 0; i--, rest >>>= 4) {
    line[i] = HEX_DIGITS[rest & 0xf]!;
  }
}

/** The record a line holds (without its line break), or null if the line is damaged. */
export function decodeLine(line: Uint8Array): JournalRecord | null {
  if (line.length < CHECKSUM_HEX_DIGITS + 3 || line[CHECKSUM_HEX_DIGITS] !== SPACE) return null;
  const stored = parseHex(line.subarray(0, CHECKSUM_HEX_DIGITS));
  const json = line.subarray(CHECKSUM_HEX_DIGITS + 1);
  if (stored === null || crc32(json) !== stored) return null;
  try {
    const value: unknown = JSON.parse(decoder.decode(json));
    return isJournalRecord(value) ? value : null;
  } catch {
    // Valid checksum but not our JSON: written by something else. Damage all the same.
    return null;
  }
}

function parseHex(bytes: Uint8Array): number | null {
  let value = 0;
  for (const byte of bytes) {
    const digit =
      byte >= 0x30 && byte <= 0x39 ? byte - 0x30 : byte >= 0x61 && byte <= 0x66 ? byte - 0x57 : -1;
    if (digit < 0) return null;
    value = value * 16 + digit;
  }
  return value;
}

const isCount = (value: unknown): value is number =>
  Number.isSafeInteger(value) && (value as number) >= 0;
const isText = (value: unknown): value is string => typeof value === 'string';

/** Every work item kind (the compiler sees to it); a record of another kind is not this engine's. */
const WORK_ITEM_KINDS: Readonly<Record<WorkItemKind, true>> = {
  'order.place': true,
  'order.adjust': true,
};
const isWorkItemKind = (value: unknown): value is WorkItemKind =>
  typeof value === 'string' && Object.hasOwn(WORK_ITEM_KINDS, value);

function isJournalRecord(value: unknown): value is JournalRecord {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  switch (record['type']) {
    case 'checkpoint':
      return (
        isCount(record['version']) && isCount(record['seqMax']) && isCount(record['commitSeq'])
      );
    case 'queued':
      return (
        isCount(record['seq']) &&
        isText(record['idempotencyKey']) &&
        isWorkItemKind(record['kind']) &&
        (record['orderId'] === null || isText(record['orderId'])) &&
        isCount(record['amountCents']) &&
        isCount(record['createdAt']) &&
        isCount(record['commitSeq']) &&
        isText(record['payload'])
      );
    case 'acknowledged':
      return (
        Array.isArray(record['seqs']) &&
        record['seqs'].every(isCount) &&
        isCount(record['commitSeq'])
      );
    case 'commit':
      return isCount(record['commitSeq']);
    case 'torn':
      return isCount(record['bytes']);
    default:
      return false;
  }
}
