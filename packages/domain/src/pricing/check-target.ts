import { PROMOTION_TARGET_IDS_MAX } from '../limits.ts';
import { UUID_PATTERN } from '../new-id.ts';
import type { PromotionTarget } from './promotion.ts';
import type { Problems } from './input-reader.ts';
import { readList, readOneOf, readRecord, readString } from './input-reader.ts';

const TARGET_KINDS = ['all', 'products', 'categories'] as const;

const ID = { lengthMax: 36, pattern: new RegExp(UUID_PATTERN) };

/** Reads a promotion target: everything, or a non-empty list of distinct product or category UUIDs. */
export function checkTarget(
  value: unknown,
  path: string,
  problems: Problems,
): PromotionTarget | undefined {
  const record = readRecord(value, path, problems);
  if (record === undefined) return undefined;
  const kind = readOneOf(record['kind'], `${path}/kind`, problems, TARGET_KINDS);
  switch (kind) {
    case undefined:
      return undefined;
    case 'all':
      return { kind };
    case 'products': {
      const productIds = readIds(record['productIds'], `${path}/productIds`, problems);
      return productIds && { kind, productIds };
    }
    case 'categories': {
      const categoryIds = readIds(record['categoryIds'], `${path}/categoryIds`, problems);
      return categoryIds && { kind, categoryIds };
    }
    default: {
      const unknown: never = kind;
      throw new Error(`Unknown target kind ${String(unknown)}`);
    }
  }
}

function readIds(value: unknown, path: string, problems: Problems) {
  const rule = { lengthMax: PROMOTION_TARGET_IDS_MAX, unique: true };
  return readList(value, path, problems, rule, (id, idPath) =>
    readString(id, idPath, problems, ID),
  );
}
