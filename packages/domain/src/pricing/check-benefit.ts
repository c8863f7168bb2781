import { PROMOTION_QUANTITY_MAX, UNIT_PRICE_CENTS_MAX } from '../limits.ts';
import type { PromotionBenefit } from './promotion.ts';
import { BASIS_POINTS_MAX } from './promotion.ts';
import type { Problems } from './input-reader.ts';
import { allRead, readInteger, readOneOf, readRecord } from './input-reader.ts';

const BENEFIT_KINDS = ['percent-off', 'amount-off', 'buy-x-get-y'] as const;

const BASIS_POINTS = { min: 1, max: BASIS_POINTS_MAX };
const QUANTITY = { min: 1, max: PROMOTION_QUANTITY_MAX };

/**
 * Reads a promotion benefit: basis points from 1 to 10000, an amount off each
 * unit from 1 cent to the highest unit price, buy and get quantities from 1
 * to PROMOTION_QUANTITY_MAX. A benefit of nothing is refused as a mistake.
 */
export function checkBenefit(
  value: unknown,
  path: string,
  problems: Problems,
): PromotionBenefit | undefined {
  const record = readRecord(value, path, problems);
  if (record === undefined) return undefined;
  const kind = readOneOf(record['kind'], `${path}/kind`, problems, BENEFIT_KINDS);
  const field = (name: string, range: { min: number; max: number }) =>
    readInteger(record[name], `${path}/${name}`, problems, range);
  switch (kind) {
    case undefined:
      return undefined;
    case 'percent-off':
      return allRead({ kind, basisPoints: field('basisPoints', BASIS_POINTS) });
    case 'amount-off':
      return allRead({
        kind,
        amountCents: field('amountCents', { min: 1, max: UNIT_PRICE_CENTS_MAX }),
      });
    case 'buy-x-get-y':
      return allRead({
        kind,
        buyQuantity: field('buyQuantity', QUANTITY),
        getQuantity: field('getQuantity', QUANTITY),
        basisPoints: field('basisPoints', BASIS_POINTS),
      });
    default: {
      const unknown: never = kind;
      throw new Error(`Unknown benefit kind ${String(unknown)}`);
    }
  }
}
