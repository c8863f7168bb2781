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
 * a new entry reversing the order's, never an update. Each is keyed by
 * (order, kind), so processing an order twice writes nothing new.
 */
export interface LedgerEntry {
  readonly tabId: string;
  readonly orderId: string;
  readonly kind: LedgerEntryKind;
  readonly amountCents: number;
}

export type LedgerEntryKind = 'order';
