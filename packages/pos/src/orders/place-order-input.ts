import type { Order } from '@tabline/domain';

/** What staff rang up: a wristband as scanned or typed, and product lines. */
export interface PlaceOrderInput {
  readonly wristbandUid: string;
  readonly items: readonly OrderLineInput[];
}

export interface OrderLineInput {
  readonly productId: string;
  readonly quantity: number;
}

/** An order stored and queued: priced, with its id and placed time. */
export type PlacedOrder = Order;
