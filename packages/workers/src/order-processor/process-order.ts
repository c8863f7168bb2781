import { SEND_SMS_QUEUE } from '@tabline/database';
import type { Database, JobQueue, Transaction } from '@tabline/database';
import { newId, orderReference, receiptText } from '@tabline/domain';
import type { Clock, OrderCharge, Random } from '@tabline/domain';
import { appendLedgerEntry } from './append-ledger-entry.ts';
import { appendSalesChanges } from './append-sales-changes.ts';
import { chargeForOrder } from './charge-for-order.ts';
import { findOrderForProcessing } from './find-order-for-processing.ts';
import type { OrderToProcess } from './find-order-for-processing.ts';
import { findWristbandHolder } from './find-wristband-holder.ts';
import type { WristbandHolder } from './find-wristband-holder.ts';
import { markOrderProcessed } from './mark-order-processed.ts';
import { openTab } from './open-tab.ts';
import { processedOrderChanges, reversalChanges } from './order-sales-changes.ts';
import { recordSms } from './record-sms.ts';
import { reverseAdjustments } from './reverse-adjustments.ts';

export interface ProcessOrderDependencies {
  readonly db: Database;
  readonly jobs: JobQueue;
  readonly clock: Clock;
  readonly random: Random;
}

/**
 * `charged`: put on a tab now; `flagged`: kept, charged to no one;
 * `already-processed`: nothing left to do; `adjusted`: processed before, and
 * now its voids and refunds were reversed on the tab; `missing`: no such order.
 */
export type ProcessOrderOutcome =
  'charged' | 'flagged' | 'already-processed' | 'adjusted' | 'missing';

/**
 * Attaches an order to its attendee's tab by wristband, prices it again at
 * its placed time and charges the lower of that and the device's total
 * (flagged when they differ; `chargeForOrder`), appends the ledger entry,
 * moves the tab balance and records and enqueues the receipt text, then
 * reverses on the tab each void or refund of the order not reversed yet
 * (never more than was charged), and appends what all that changed in the
 * event's sales figures, all in one transaction. The same job runs
 * when a void or refund arrives for an order processed earlier. Running it
 * twice changes nothing the second time. An order whose wristband is unknown
 * or blocked is kept, charged to no one (0) and flagged for review: it is
 * real money someone took, but charging a lost wristband's owner would be
 * wrong (its voids and refunds are recorded on the order; there is no tab to
 * reverse).
 */
export async function processOrder(
  deps: ProcessOrderDependencies,
  orderId: string,
): Promise<ProcessOrderOutcome> {
  return deps.db.transaction(async (tx) => {
    const order = await findOrderForProcessing(tx, orderId);
    if (!order) return 'missing';
    if (order.status === 'processed') {
      if (order.tabId === null) return 'already-processed';
      // A processed order always has its charge (orders_charged_once_processed).
      const reversed = await reverseTab(tx, order, order.tabId, order.chargedCents!);
      return reversed > 0 ? 'adjusted' : 'already-processed';
    }
    const holder = await findWristbandHolder(tx, order.eventId, order.wristbandUid);
    if (!holder || holder.status === 'blocked') {
      const flag = holder ? 'wristband.blocked' : 'wristband.unknown';
      await markOrderProcessed(
        tx,
        {
          id: order.id,
          tabId: null,
          chargedCents: 0,
          flags: [...order.flags, flag],
        },
        processedOrderChanges(order, 0),
      );
      return 'flagged';
    }
    const charge = await chargeForOrder(tx, order, holder);
    const tabId = await chargeTab(tx, deps, { order, holder, charge });
    await reverseTab(tx, order, tabId, charge.chargedCents);
    return 'charged';
  });
}

/** Reverses the order's new voids and refunds on its tab, and their sales changes; how many. */
async function reverseTab(
  tx: Transaction,
  order: OrderToProcess,
  tabId: string,
  chargedCents: number,
): Promise<number> {
  const reversal = await reverseAdjustments(tx, { id: order.id, tabId, chargedCents });
  await appendSalesChanges(
    tx,
    order.eventId,
    reversalChanges(order, {
      ...reversal,
      netBeforeCents: chargedCents - reversal.reversedBeforeCents,
    }),
  );
  return reversal.count;
}

async function chargeTab(
  tx: Transaction,
  deps: ProcessOrderDependencies,
  {
    order,
    holder,
    charge,
  }: { order: OrderToProcess; holder: WristbandHolder; charge: OrderCharge },
) {
  const tab = await openTab(tx, {
    newId: newId(deps.clock, deps.random),
    eventId: order.eventId,
    attendeeId: holder.attendeeId,
    currency: order.currency,
  });
  const balanceCents = await appendLedgerEntry(tx, {
    tabId: tab.id,
    orderId: order.id,
    kind: 'order',
    amountCents: charge.chargedCents,
    adjustmentId: null,
  });
  if (holder.phone !== null) {
    const smsId = newId(deps.clock, deps.random);
    const recorded = await recordSms(tx, {
      id: smsId,
      eventId: order.eventId,
      orderId: order.id,
      purpose: 'receipt',
      toPhone: holder.phone,
      body: receiptText({
        eventName: order.eventName,
        items: order.items,
        totalCents: charge.chargedCents,
        tabBalanceCents: balanceCents,
        currency: order.currency,
        reference: orderReference(order.id),
      }),
    });
    if (recorded) await deps.jobs.enqueue(tx, SEND_SMS_QUEUE, [{ smsId }]);
  }
  await markOrderProcessed(
    tx,
    {
      id: order.id,
      tabId: tab.id,
      chargedCents: charge.chargedCents,
      flags: charge.flag === null ? order.flags : [...order.flags, charge.flag],
    },
    processedOrderChanges(order, charge.chargedCents),
  );
  return tab.id;
}
