import type { AttendeeTier } from '../attendee.ts';
import type { Failure } from '../error-codes.ts';
import { failure } from '../error-codes.ts';
import { MONEY_CENTS_MAX, NAME_LENGTH_MAX, PROMOTION_PRIORITY_MAX } from '../limits.ts';
import { UUID_PATTERN } from '../new-id.ts';
import type { Result } from '../result.ts';
import { err, ok } from '../result.ts';
import { checkBenefit } from './check-benefit.ts';
import { checkTarget } from './check-target.ts';
import { checkWindow } from './check-window.ts';
import type { InputProblem, Problems } from './input-reader.ts';
import {
  allRead,
  readBoolean,
  readInteger,
  readList,
  readNullable,
  readOneOf,
  readRecord,
  readString,
  report,
} from './input-reader.ts';
import type { Promotion } from './promotion.ts';

/** A refused promotion: `promotion.invalid`, with every problem found and where. */
export interface PromotionFailure extends Failure {
  readonly problems: readonly InputProblem[];
}

/** The latest instant a JavaScript Date can hold, in epoch ms. */
const EPOCH_MS_MAX = 8_640_000_000_000_000;

const UUID = new RegExp(UUID_PATTERN);
const PRIORITY = { min: -PROMOTION_PRIORITY_MAX, max: PROMOTION_PRIORITY_MAX };
const STACKINGS = ['stackable', 'exclusive'] as const;
const TIERS: readonly AttendeeTier[] = ['standard', 'vip'];

/**
 * Checks a promotion an organiser sends, so the server can refuse a bad one
 * with `promotion.invalid` and a list of problems. Returns a fresh promotion
 * holding only the known fields. Stricter than pricing needs, to catch
 * mistakes: an empty list (of days, tiers or ids) is refused because null
 * already says "every day" or "everyone"; a benefit of nothing, an empty
 * window and a validity that ends before it starts are refused too.
 */
export function checkPromotion(input: unknown): Result<Promotion, PromotionFailure> {
  const problems: Problems = [];
  const promotion = readPromotion(input, problems);
  if (promotion === undefined || problems.length > 0) {
    const where = problems.map((p) => `${p.path} ${p.message}`).join('; ');
    const refusal = failure('promotion.invalid', `The promotion is not valid: ${where}.`);
    return err({ ...refusal, problems });
  }
  return ok(promotion);
}

function readPromotion(input: unknown, problems: Problems): Promotion | undefined {
  const record = readRecord(input, '', problems);
  if (record === undefined) return undefined;
  const epochMs = (value: unknown, path: string) =>
    readInteger(value, path, problems, { min: 0, max: EPOCH_MS_MAX });
  const promotion = allRead<Promotion>({
    id: readString(record['id'], '/id', problems, { lengthMax: 36, pattern: UUID }),
    name: readString(record['name'], '/name', problems, { lengthMax: NAME_LENGTH_MAX }),
    active: readBoolean(record['active'], '/active', problems),
    priority: readInteger(record['priority'], '/priority', problems, PRIORITY),
    stacking: readOneOf(record['stacking'], '/stacking', problems, STACKINGS),
    validFrom: readNullable(record['validFrom'], '/validFrom', problems, epochMs),
    validUntil: readNullable(record['validUntil'], '/validUntil', problems, epochMs),
    window: readNullable(record['window'], '/window', problems, checkWindow),
    tiers: readNullable(record['tiers'], '/tiers', problems, readTiers),
    target: checkTarget(record['target'], '/target', problems),
    benefit: checkBenefit(record['benefit'], '/benefit', problems),
    capCents: readNullable(record['capCents'], '/capCents', problems, readCap),
  });
  if (promotion === undefined) return undefined;
  const { validFrom, validUntil } = promotion;
  if (validFrom !== null && validUntil !== null && validUntil <= validFrom) {
    return report(problems, '/validUntil', 'must be after validFrom');
  }
  return promotion;
}

function readTiers(value: unknown, path: string, problems: Problems) {
  return readList(value, path, problems, { lengthMax: TIERS.length, unique: true }, (tier, p) =>
    readOneOf(tier, p, problems, TIERS),
  );
}

function readCap(value: unknown, path: string, problems: Problems) {
  return readInteger(value, path, problems, { min: 0, max: MONEY_CENTS_MAX });
}
