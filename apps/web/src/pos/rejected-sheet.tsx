import { useEffect, useState } from 'react';
import type { RejectedItem } from '@tabline/pos';
import type { EngineClient } from './engine/engine-client.ts';
import { money } from './format.ts';
import { Sheet } from './sheet.tsx';

/**
 * What the server refused, with its reason: these were taken at the
 * counter but will not be charged as they are. The items behind them went
 * on; a manager sorts these out with the attendee.
 */
export function RejectedSheet({
  client,
  currency,
  onClose,
}: {
  client: EngineClient;
  currency: string | null;
  onClose: () => void;
}) {
  const [items, setItems] = useState<readonly RejectedItem[] | null>(null);
  useEffect(() => {
    void client.call('rejectedItems', 100).then(setItems);
  }, [client]);
  return (
    <Sheet title="Rejected by the server" onClose={onClose}>
      {items === null && <p>Loading…</p>}
      {items?.length === 0 && <p>Nothing was rejected.</p>}
      <ul className="rows" aria-label="Rejected items">
        {items?.map((item) => (
          <li key={item.seq} className="row rejected-item">
            <div>
              <strong>
                {item.kind === 'order.place' ? 'Order' : 'Void or refund'}{' '}
                {item.wristbandUid ? `on ${item.wristbandUid}` : ''}
              </strong>
              <span className="muted"> {new Date(item.createdAt).toLocaleTimeString()}</span>
            </div>
            <div>{item.amountCents > 0 ? money(item.amountCents, currency) : ''}</div>
            <p className="reason">
              <code>{item.code}</code> {item.message}
            </p>
          </li>
        ))}
      </ul>
    </Sheet>
  );
}
