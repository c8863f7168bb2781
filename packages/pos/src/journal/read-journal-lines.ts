import { JOURNAL_LINE_BYTES_MAX } from './journal-record.ts';

const LINE_BREAK = 0x0a;

/** One line of the journal, without its line break. */
export interface JournalLine {
  /** The line's bytes; empty for a line longer than JOURNAL_LINE_BYTES_MAX. */
  readonly bytes: Uint8Array;
  /** Its length in the file, without the line break. */
  readonly length: number;
  /** False for an oversized line, whose bytes were skipped, not kept. */
  readonly kept: boolean;
  /** False for the last line when the file does not end with a line break. */
  readonly terminated: boolean;
}

/**
 * Splits the journal's chunks into lines, holding at most one line (of at
 * most JOURNAL_LINE_BYTES_MAX) in memory, whatever the journal's size.
 */
export function* readJournalLines(chunks: Iterable<Uint8Array>): Generator<JournalLine> {
  let parts: Uint8Array[] = [];
  let length = 0;
  let oversized = false;
  for (const chunk of chunks) {
    let start = 0;
    for (;;) {
      const end = chunk.indexOf(LINE_BREAK, start);
      const stop = end < 0 ? chunk.length : end;
      length += stop - start;
      oversized ||= length > JOURNAL_LINE_BYTES_MAX;
      if (oversized) parts = [];
      else if (stop > start) parts.push(copy(chunk, start, stop));
      if (end < 0) break;
      yield line(parts, length, oversized, true);
      parts = [];
      length = 0;
      oversized = false;
      start = end + 1;
    }
  }
  if (length > 0) yield line(parts, length, oversized, false);
}

function line(
  parts: readonly Uint8Array[],
  length: number,
  oversized: boolean,
  terminated: boolean,
): JournalLine {
  const bytes = oversized ? new Uint8Array(0) : join(parts, length);
  return { bytes, length, kept: !oversized, terminated };
}

function copy(chunk: Uint8Array, start: number, stop: number): Uint8Array {
  return new Uint8Array(chunk.subarray(start, stop));
}

function join(parts: readonly Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  if (parts.length === 0) return new Uint8Array(0);
  const joined = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}
