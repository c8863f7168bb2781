/**
 * What an attendee owes at one event. Its balance is the sum of its ledger
 * entries, kept incrementally (one update per entry) and checked against the
 * ledger by reconciliation. Tabs are charged to the card on file when closed.
 */
export interface Tab {
  readonly id: string;
  readonly attendeeId: string;
  readonly currency: string;
  readonly balanceCents: number;
  readonly status: TabStatus;
}

export type TabStatus = 'open' | 'closed';

/**
 * One line of a tab's ledger. Entries are only ever added: a void or refund is
 * a new entry reversing (part of) the order's, with a negative amount, never
 * an update. An order has one entry of its own and each adjustment one, so
 * processing either twice writes nothing new.
 */
export type LedgerEntry =
  | {
      readonly tabId: string;
      readonly orderId: string;
      readonly kind: 'order';
      readonly amountCents: number;
      readonly adjustmentId: null;
    }
  | {
      readonly tabId: string;
      readonly orderId: string;
      readonly kind: 'void' | 'refund';
      readonly amountCents: number;
      /** The void or refund this entry reverses the order for. */
      readonly adjustmentId: string;
    };

export type LedgerEntryKind = LedgerEntry['kind'];
