/**
 * Reading the whole journal once, line by line: each line is an intact
 * record, an append a crash cut short (a damaged last line without a line
 * break, or a damaged line followed by the `torn` record that sealed it),
 * or damage. Memory stays flat: one line at a time.
 */
import type { JournalFile } from './journal-file.ts';
import type { JournalRecord } from './journal-record.ts';
import { decodeLine } from './journal-record.ts';
import type { JournalLine } from './read-journal-lines.ts';
import { readJournalLines } from './read-journal-lines.ts';

/** What a scan of the journal found. */
export interface JournalScan {
  /** Intact records, the checkpoint included. */
  readonly records: number;
  /** Records after the checkpoint: what compaction would drop. */
  readonly recordsSinceCheckpoint: number;
  /** False when the journal had no checkpoint: empty, new, or its first line damaged. */
  readonly hasCheckpoint: boolean;
  /** Damaged lines that are not a crash's cut-short append: the journal itself is damaged. */
  readonly damagedLines: number;
  /** Appends a crash cut short, sealed off since (or now, at the tail). */
  readonly tornAppends: number;
  /**
   * The journal's horizon: the highest seq its checkpoint or a queued record
   * names. Every outbox row up to it has its queued record; rows above it
   * were committed but not yet journaled (a crash in between).
   */
  readonly seqMax: number;
  /** The highest commitSeq any record carries. */
  readonly commitSeqMax: number;
}

/** How the journal's last line ends, which decides what the next append writes first. */
export type Tail =
  | { readonly kind: 'clean' }
  | { readonly kind: 'unterminated' }
  | { readonly kind: 'torn'; readonly bytes: number };

export interface ScanResult {
  readonly scan: JournalScan;
  readonly tail: Tail;
}

/**
 * Classifies every line: an intact record, a cut-short append (a damaged
 * last line without a line break, or a damaged line followed by the `torn`
 * record that sealed it), or damage.
 */
export function scanJournal(file: JournalFile, visit: (record: JournalRecord) => void): ScanResult {
  const counts = {
    records: 0,
    sinceCheckpoint: 0,
    damaged: 0,
    torn: 0,
    seqMax: 0,
    commitSeqMax: 0,
  };
  let hasCheckpoint = false;
  let unsealed: number | null = null; // length of the last damaged line, until we know what it is
  let tail: Tail = { kind: 'clean' };
  const take = (record: JournalRecord) => {
    counts.records++;
    if (record.type === 'checkpoint') {
      hasCheckpoint = true;
      counts.sinceCheckpoint = 0;
    } else {
      counts.sinceCheckpoint++;
    }
    counts.seqMax = Math.max(counts.seqMax, horizonSeqOf(record));
    if ('commitSeq' in record)
      counts.commitSeqMax = Math.max(counts.commitSeqMax, record.commitSeq);
    visit(record);
  };
  for (const line of readJournalLines(file.read())) {
    const record = decode(line);
    if (!line.terminated) {
      if (unsealed !== null) counts.damaged++;
      unsealed = null;
      if (record === null) counts.torn++;
      else take(record);
      tail = record === null ? { kind: 'torn', bytes: line.length } : { kind: 'unterminated' };
    } else if (record === null) {
      if (unsealed !== null) counts.damaged++;
      unsealed = line.length === 0 ? null : line.length;
    } else if (record.type === 'torn') {
      if (unsealed === record.bytes) counts.torn++;
      else if (unsealed !== null) counts.damaged++;
      unsealed = null;
    } else {
      if (unsealed !== null) counts.damaged++;
      unsealed = null;
      take(record);
    }
  }
  if (unsealed !== null) counts.damaged++;
  return {
    scan: {
      records: counts.records,
      recordsSinceCheckpoint: counts.sinceCheckpoint,
      hasCheckpoint,
      damagedLines: counts.damaged,
      tornAppends: counts.torn,
      seqMax: counts.seqMax,
      commitSeqMax: counts.commitSeqMax,
    },
    tail,
  };
}

function decode(line: JournalLine): JournalRecord | null {
  return line.kept ? decodeLine(line.bytes) : null;
}

/** Acknowledgements do not move the horizon: they are notes, and may be lost. */
function horizonSeqOf(record: JournalRecord): number {
  switch (record.type) {
    case 'checkpoint':
      return record.seqMax;
    case 'queued':
      return record.seq;
    case 'acknowledged':
    case 'commit':
    case 'torn':
      return 0;
  }
}
