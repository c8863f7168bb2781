import { useCallback, useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import type { Approver, RecentOrder } from '@tabline/pos';
import type { EngineClient } from './engine/engine-client.ts';
import { money } from './format.ts';
import { parseAmountCents } from './parse-amount.ts';
import { Sheet } from './sheet.tsx';

const SYNC_STATE_LABELS: Record<RecentOrder['syncState'], string> = {
  queued: 'Not synced yet',
  synced: 'Synced',
  rejected: 'Rejected',
};

/** The latest orders of this tablet, and voids and refunds a manager approves with their PIN. */
export function OrdersSheet({
  client,
  currency,
  onClose,
}: {
  client: EngineClient;
  currency: string | null;
  onClose: () => void;
}) {
  const [orders, setOrders] = useState<readonly RecentOrder[] | null>(null);
  const [adjusting, setAdjusting] = useState<RecentOrder | null>(null);
  const reload = useCallback(() => void client.call('recentOrders', 50).then(setOrders), [client]);
  useEffect(reload, [reload]);
  if (adjusting !== null) {
    return (
      <Sheet title="Void or refund" onClose={() => setAdjusting(null)}>
        <AdjustForm
          client={client}
          order={adjusting}
          currency={currency}
          onDone={() => {
            setAdjusting(null);
            reload();
          }}
        />
      </Sheet>
    );
  }
  return (
    <Sheet title="Recent orders" onClose={onClose}>
      {orders === null && <p>Loading…</p>}
      {orders?.length === 0 && <p>No orders on this tablet yet.</p>}
      <ul className="rows" aria-label="Recent orders">
        {orders?.map((order) => (
          <li key={order.id} className="row">
            <div>
              <strong>{money(order.totalCents, currency)}</strong> on {order.wristbandUid}
              <span className="muted"> {new Date(order.placedAt).toLocaleTimeString()}</span>
            </div>
            <div className="muted">
              {order.items.map((item) => `${item.quantity} × ${item.productName}`).join(', ')}
            </div>
            <div className="row-end">
              <span className={`tag tag-${order.syncState}`}>
                {order.voided ? 'Voided' : SYNC_STATE_LABELS[order.syncState]}
              </span>
              {order.syncState !== 'rejected' && !order.voided && (
                <button type="button" onClick={() => setAdjusting(order)}>
                  Void or refund
                </button>
              )}
            </div>
          </li>
        ))}
      </ul>
    </Sheet>
  );
}

function AdjustForm({
  client,
  order,
  currency,
  onDone,
}: {
  client: EngineClient;
  order: RecentOrder;
  currency: string | null;
  onDone: () => void;
}) {
  const [approvers, setApprovers] = useState<readonly Approver[]>([]);
  const [kind, setKind] = useState<'void' | 'refund'>('void');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [approver, setApprover] = useState('');
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void client.call('approvers').then((list) => {
      setApprovers(list);
      setApprover((chosen) => chosen || (list[0]?.staffUserId ?? ''));
    });
  }, [client]);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const amountCents = kind === 'refund' ? parseAmountCents(amount) : undefined;
    if (amountCents === null) {
      setError('Type the refund as an amount, like 6.50.');
      return;
    }
    setBusy(true);
    const placed = await client.call('adjustOrder', {
      orderId: order.id,
      kind,
      ...(amountCents === undefined ? {} : { amountCents }),
      reason,
      approver: { staffUserId: approver, pin },
    });
    setBusy(false);
    setPin('');
    if (placed.ok) onDone();
    else setError(placed.error.message);
  };
  return (
    <form className="stack" onSubmit={(event) => void submit(event)}>
      <p>
        Order of {money(order.totalCents, currency)} on {order.wristbandUid}
      </p>
      <fieldset className="segmented">
        <legend>What</legend>
        <label>
          <input type="radio" checked={kind === 'void'} onChange={() => setKind('void')} /> Void the
          whole order
        </label>
        <label>
          <input type="radio" checked={kind === 'refund'} onChange={() => setKind('refund')} />{' '}
          Refund an amount
        </label>
      </fieldset>
      {kind === 'refund' && (
        <>
          <label htmlFor="refund-amount">Amount</label>
          <input
            id="refund-amount"
            inputMode="decimal"
            value={amount}
            onChange={(event) => setAmount(event.target.value)}
            required
          />
        </>
      )}
      <label htmlFor="adjust-reason">Reason</label>
      <input
        id="adjust-reason"
        value={reason}
        maxLength={200}
        onChange={(event) => setReason(event.target.value)}
        required
      />
      <label htmlFor="approver">Manager</label>
      <select id="approver" value={approver} onChange={(event) => setApprover(event.target.value)}>
        {approvers.map((manager) => (
          <option key={manager.staffUserId} value={manager.staffUserId}>
            {manager.name}
          </option>
        ))}
      </select>
      <label htmlFor="manager-pin">Manager PIN</label>
      <input
        id="manager-pin"
        type="password"
        inputMode="numeric"
        autoComplete="off"
        value={pin}
        onChange={(event) => setPin(event.target.value)}
        required
      />
      {approvers.length === 0 && (
        <p className="error">No manager of this event has a PIN yet: set one on the dashboard.</p>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy || approvers.length === 0}>
        {busy ? 'Checking the PIN…' : 'Approve'}
      </button>
    </form>
  );
}
