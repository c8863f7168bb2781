import type { PlaceOrderWorkItem } from '@tabline/protocol';
import type { Row } from '../integrity/row-checksum.ts';
import { orderItemRow } from '../store/order-item-row.ts';

/** How a rebuilt order (or void or refund) stands with the server. */
export type RebuiltOrderState =
  | { readonly syncState: 'queued' }
  | { readonly syncState: 'rejected'; readonly code: string; readonly message: string };

/**
 * The rows of an order and its items, rebuilt from its work item: the
 * payload holds everything an order row holds (items with names and prices,
 * wristband, location, total, placed time, catalog version), so a queued or
 * rejected order can be rebuilt from the journal alone. When the protocol's
 * order payload gains a field the order rows keep, this is the one place to
 * map it.
 */
export function orderRowsFromWorkItem(
  workItem: PlaceOrderWorkItem,
  state: RebuiltOrderState,
): { readonly order: Row; readonly items: readonly Row[] } {
  const { payload } = workItem;
  const rejection = state.syncState === 'rejected' ? state : null;
  return {
    order: {
      id: payload.orderId,
      wristband_uid: payload.wristbandUid,
      location_id: payload.locationId,
      currency: payload.currency,
      total_cents: payload.totalCents,
      placed_at: Date.parse(payload.placedAt),
      catalog_version: payload.catalogVersion,
      sync_state: state.syncState,
      server_received_at: null,
      server_flags: null,
      rejection_code: rejection?.code ?? null,
      rejection_message: rejection?.message ?? null,
    },
    items: payload.items.map((item, index) => orderItemRow(payload.orderId, item, index)),
  };
}
