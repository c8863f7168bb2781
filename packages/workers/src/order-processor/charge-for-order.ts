import type { SqlClient } from '@tabline/database';
import { decideOrderCharge, priceOrder } from '@tabline/domain';
import type { OrderCharge } from '@tabline/domain';
import { findEventPromotions } from './find-event-promotions.ts';
import type { OrderToProcess } from './find-order-for-processing.ts';
import type { WristbandHolder } from './find-wristband-holder.ts';

/**
 * What the holder's tab is charged for the order: the server prices the
 * order's lines again with the shared pricing code (`priceOrder`), with all
 * the event's promotions, the event's time zone, the holder's tier as the
 * server knows it, and the order's placed time on the device's clock, never
 * the time the processor happens to run: an order placed at 21:59 in a happy
 * hour that ends at 22:00 gets it, even when processed the next morning. The
 * charge is the lower of that and the device's total, flagged when they
 * differ (`decideOrderCharge`; docs/PRICING.md, "What a tab is charged").
 *
 * Promotions are read as they are now: one ended (made inactive) after the
 * order was placed no longer applies here, and the device's total, which had
 * it, is charged. Ending a promotion at a time is what its validity is for.
 */
export async function chargeForOrder(
  tx: SqlClient,
  order: OrderToProcess,
  holder: WristbandHolder,
): Promise<OrderCharge> {
  const promotions = await findEventPromotions(tx, order.eventId);
  const priced = priceOrder(order.items, promotions, {
    placedAt: order.placedAt,
    timeZone: order.timeZone,
    tier: holder.tier,
  });
  return decideOrderCharge(order.totalCents, priced.totalCents);
}
