import { formatMoney } from './money.ts';
import type { CurrencyCode } from './money.ts';
import type { OrderItem } from './order.ts';

/** Receipts fit in two SMS segments of the GSM alphabet. */
export const RECEIPT_TEXT_LENGTH_MAX = 306;

export interface ReceiptInput {
  readonly eventName: string;
  readonly items: readonly Pick<OrderItem, 'productName' | 'quantity'>[];
  readonly totalCents: number;
  readonly tabBalanceCents: number;
  readonly currency: CurrencyCode;
  /** The order's reference (`orderReference`), which makes every receipt's text unique. */
  readonly reference: string;
}

/**
 * The short reference of an order on its receipt: the last 8 hex digits of
 * its id (random bits, in a UUIDv7), upper case. The attendee can quote it;
 * the SMS sender relies on it too: it finds a message whose answer was lost
 * by its exact text among those sent to the phone, so no two receipts to one
 * phone may read the same.
 */
export function orderReference(orderId: string): string {
  return orderId.replaceAll('-', '').slice(-8).toUpperCase();
}

/**
 * The text message an attendee gets for an order: what they bought, what it
 * cost and what their tab stands at. Long orders list the first items and
 * then how many more, so the text stays within RECEIPT_TEXT_LENGTH_MAX.
 */
export function receiptText(input: ReceiptInput): string {
  const total = formatMoney({ amountCents: input.totalCents, currency: input.currency });
  const tab = formatMoney({ amountCents: input.tabBalanceCents, currency: input.currency });
  const head = `${input.eventName}: `;
  const tail = ` = ${total}. Your tab: ${tab}. Ref ${input.reference}. Reply STOP to opt out.`;
  const parts = input.items.map((item) => `${item.quantity}x ${item.productName}`);
  for (let shown = parts.length; shown >= 1; shown--) {
    const rest = parts.length - shown;
    const list = parts.slice(0, shown).join(', ') + (rest > 0 ? ` +${rest} more` : '');
    const text = head + list + tail;
    if (text.length <= RECEIPT_TEXT_LENGTH_MAX) return text;
  }
  return (head + `${parts.length} items` + tail).slice(0, RECEIPT_TEXT_LENGTH_MAX);
}
