import type { PosDeviceInfo, PosStatus } from '@tabline/pos';
import { age, money } from './format.ts';

/**
 * Always on screen: whether the tablet is online, and what it holds that
 * the server has not confirmed (how many items, how much money, since
 * when). Staff glance at it the way they glance at a phone's battery.
 */
export function StatusBar({
  online,
  status,
  device,
  onOpenOrders,
  onOpenRejected,
  onOpenSettings,
}: {
  online: boolean;
  status: PosStatus | null;
  device: PosDeviceInfo | null;
  onOpenOrders: () => void;
  onOpenRejected: () => void;
  onOpenSettings: () => void;
}) {
  const currency = status?.currency ?? device?.currency ?? null;
  const backlog = status?.backlogCount ?? 0;
  const synced = backlog === 0;
  return (
    <header className="status-bar">
      <div className="status-where">
        <strong>{device?.deviceName ?? 'Tabline POS'}</strong>
        <span className="muted">{device?.eventName ?? ''}</span>
      </div>
      <dl className="status-figures" aria-label="Sync status">
        <div className={`pill ${online ? 'pill-ok' : 'pill-offline'}`}>
          <dt className="visually-hidden">Network</dt>
          <dd data-testid="connectivity">{online ? 'Online' : 'Offline'}</dd>
        </div>
        <div className={`figure ${synced ? '' : 'figure-warn'}`}>
          <dt>Unsynced</dt>
          <dd data-testid="backlog-count">{backlog}</dd>
        </div>
        <div className={`figure ${synced ? '' : 'figure-warn'}`}>
          <dt>At risk</dt>
          <dd data-testid="amount-at-risk">{money(status?.amountAtRiskCents ?? 0, currency)}</dd>
        </div>
        <div className="figure">
          <dt>Oldest</dt>
          <dd data-testid="oldest-age">{age(status?.oldestQueuedAgeMs ?? null)}</dd>
        </div>
      </dl>
      {status?.offlineWarning && (
        <p className="banner-warn" role="status">
          Out of touch with the server for too long: find a connection.
        </p>
      )}
      <nav className="status-actions" aria-label="Till">
        <button type="button" onClick={onOpenOrders}>
          Orders
        </button>
        <button
          type="button"
          onClick={onOpenRejected}
          className={status && status.rejectedCount > 0 ? 'danger' : ''}
        >
          Rejected{status && status.rejectedCount > 0 ? ` (${status.rejectedCount})` : ''}
        </button>
        <button type="button" onClick={onOpenSettings}>
          Device
        </button>
      </nav>
    </header>
  );
}
