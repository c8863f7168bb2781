import { PUSH_ITEMS_MAX, PUSH_PATH } from '@tabline/protocol';
import type { PlaceOrderWorkItem, PushResponse } from '@tabline/protocol';

/**
 * Pushes orders through the API as one POS drains its outbox: batches of
 * PUSH_ITEMS_MAX, one push at a time. Throws unless every order is accepted:
 * a benchmark that lost orders would measure nothing.
 */
export async function pushOrders(
  baseUrl: string,
  deviceToken: string,
  items: readonly PlaceOrderWorkItem[],
): Promise<void> {
  for (let i = 0; i < items.length; i += PUSH_ITEMS_MAX) {
    const response = await fetch(baseUrl + PUSH_PATH, {
      method: 'POST',
      headers: { authorization: `Bearer ${deviceToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ items: items.slice(i, i + PUSH_ITEMS_MAX) }),
    });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`push answered ${response.status}: ${text}`);
    const refused = (JSON.parse(text) as PushResponse).results.find(
      (result) => result.outcome !== 'accepted',
    );
    if (refused) throw new Error(`push refused an order: ${JSON.stringify(refused)}`);
  }
}
