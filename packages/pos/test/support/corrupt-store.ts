/**
 * Damage done to a store's files the way storage damages them: bits flipped
 * in pages of the main file (anywhere, or inside the cell content of b-tree
 * leaf pages, where rows live), the main file cut short, the -wal deleted or
 * cut short. Every choice comes from the seeded `Random`, so a failing
 * corruption is replayed from its seed and number.
 */
import type { Random } from '@tabline/domain';
import { PLATFORM_FILES as files } from './adapters.ts';

export const CORRUPTION_KINDS = [
  'flip-row-content',
  'flip-any-byte',
  'truncate-main',
  'delete-wal',
  'truncate-wal',
] as const;
export type CorruptionKind = (typeof CORRUPTION_KINDS)[number];

export interface Corruption {
  readonly kind: CorruptionKind;
  /** What exactly was done, to replay or explain it. */
  readonly detail: string;
}

/** Weights: flips are what a failing flash cell does most; each file-level accident still comes up often. */
const WEIGHTS: Readonly<Record<CorruptionKind, number>> = {
  'flip-row-content': 4,
  'flip-any-byte': 3,
  'truncate-main': 1,
  'delete-wal': 1,
  'truncate-wal': 1,
};

export function pickCorruptionKind(random: Random): CorruptionKind {
  const total = Object.values(WEIGHTS).reduce((sum, weight) => sum + weight, 0);
  let roll = random.next() * total;
  for (const kind of CORRUPTION_KINDS) {
    roll -= WEIGHTS[kind];
    if (roll < 0) return kind;
  }
  return CORRUPTION_KINDS[0];
}

export function corruptStore(path: string, kind: CorruptionKind, random: Random): Corruption {
  const pick = (n: number) => Math.floor(random.next() * n);
  switch (kind) {
    case 'flip-row-content':
    case 'flip-any-byte': {
      const bytes = files.read(path);
      const pageSize = readPageSize(bytes);
      const leaves = kind === 'flip-row-content' ? leafPages(bytes, pageSize) : [];
      const pages = leaves.length > 0 ? leaves : allPages(bytes, pageSize);
      const page = pages[pick(pages.length)]!;
      const flips = 1 + pick(3);
      const offsets: number[] = [];
      for (let i = 0; i < flips; i++) {
        const offset = page.start + page.contentStart + pick(page.contentEnd - page.contentStart);
        bytes[offset]! ^= 1 + pick(255);
        offsets.push(offset);
      }
      files.write(path, bytes);
      return { kind, detail: `page ${page.number}, bytes ${offsets.join(', ')}` };
    }
    case 'truncate-main':
      return { kind, detail: `to ${cutShort(path, pick)} bytes` };
    case 'delete-wal':
      files.remove(`${path}-wal`);
      return { kind, detail: 'removed' };
    case 'truncate-wal':
      return { kind, detail: `to ${cutShort(`${path}-wal`, pick)} bytes` };
  }
}

function cutShort(path: string, pick: (n: number) => number): number {
  const length = pick(files.size(path));
  files.truncate(path, length);
  return length;
}

interface Page {
  readonly number: number;
  readonly start: number;
  /** The range within the page that may be flipped. */
  readonly contentStart: number;
  readonly contentEnd: number;
}

function readPageSize(bytes: Uint8Array): number {
  const size = (bytes[16]! << 8) | bytes[17]!;
  return size === 1 ? 65536 : size;
}

function allPages(bytes: Uint8Array, pageSize: number): Page[] {
  return Array.from({ length: Math.floor(bytes.length / pageSize) }, (_, index) => ({
    number: index + 1,
    start: index * pageSize,
    contentStart: 0,
    contentEnd: pageSize,
  }));
}

/** B-tree leaf pages (tables: 0x0D, indexes: 0x0A) with their cell content area: rows and index keys. */
function leafPages(bytes: Uint8Array, pageSize: number): Page[] {
  return allPages(bytes, pageSize).flatMap((page) => {
    const header = page.start + (page.number === 1 ? 100 : 0);
    const type = bytes[header];
    if (type !== 0x0d && type !== 0x0a) return [];
    const contentStart = (bytes[header + 5]! << 8) | bytes[header + 6]! || 65536;
    if (contentStart >= pageSize) return [];
    return [{ ...page, contentStart, contentEnd: pageSize }];
  });
}
