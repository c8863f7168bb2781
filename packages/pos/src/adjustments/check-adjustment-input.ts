import type { AdjustmentKind, Failure, Result } from '@tabline/domain';
import { ADJUSTMENT_REASON_LENGTH_MAX, err, failure, ok } from '@tabline/domain';
import type { AdjustOrderInput } from './adjust-order-input.ts';

/** An adjustment request whose form is right: what is left to check needs the store. */
export interface AdjustmentRequest {
  readonly orderId: string;
  readonly kind: AdjustmentKind;
  /** A refund's amount; null for a void. */
  readonly amountCents: number | null;
  /** Trimmed. */
  readonly reason: string;
}

/**
 * Checks what can be checked without the store (`adjustment.invalid`): the
 * kind, a refund's amount a whole number of cents of at least 1 (a void has
 * none), and a reason of 1 to ADJUSTMENT_REASON_LENGTH_MAX characters once
 * trimmed, counted as the protocol counts them (code points), holding no
 * NUL and no lone surrogate: the server refuses a whole push holding such
 * text, which would hold up every item queued behind this one.
 */
export function checkAdjustmentInput(input: AdjustOrderInput): Result<AdjustmentRequest, Failure> {
  const kind: unknown = input.kind;
  if (kind !== 'void' && kind !== 'refund') {
    return invalid(`A void or a refund, not ${JSON.stringify(kind)}.`);
  }
  const amount = checkAmount(kind, input.amountCents);
  if (!amount.ok) return amount;
  const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
  const length = [...reason].length;
  if (length < 1 || length > ADJUSTMENT_REASON_LENGTH_MAX) {
    return invalid(`Give a reason of 1 to ${ADJUSTMENT_REASON_LENGTH_MAX} characters.`);
  }
  if (reason.includes('\u0000') || !reason.isWellFormed()) {
    return invalid('The reason holds characters that cannot be stored.');
  }
  return ok({ orderId: String(input.orderId), kind, amountCents: amount.value, reason });
}

function checkAmount(kind: AdjustmentKind, amountCents: unknown): Result<number | null, Failure> {
  if (kind === 'void') {
    return amountCents === undefined
      ? ok(null)
      : invalid('A void takes back what is left of the order: give no amount.');
  }
  if (!Number.isSafeInteger(amountCents) || (amountCents as number) < 1) {
    return invalid('A refund needs an amount: a whole number of cents, at least 1.');
  }
  return ok(amountCents as number);
}

function invalid(message: string): Result<never, Failure> {
  return err(failure('adjustment.invalid', message));
}
