import { useState } from 'react';
import type { PosDeviceInfo, PosStatus } from '@tabline/pos';
import type { EngineClient } from './engine/engine-client.ts';
import { money } from './format.ts';
import { Sheet } from './sheet.tsx';

/**
 * The device's page: sync and pull now, and sign out, which the engine
 * refuses while anything waits for the server, because signing out would
 * lose sales already taken.
 */
export function DeviceSheet({
  client,
  status,
  device,
  onSignedOut,
  onClose,
}: {
  client: EngineClient;
  status: PosStatus | null;
  device: PosDeviceInfo | null;
  onSignedOut: () => void;
  onClose: () => void;
}) {
  const [message, setMessage] = useState<{ text: string; alert: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (what: () => Promise<{ text: string; alert: boolean } | null>) => {
    setBusy(true);
    setMessage(await what());
    setBusy(false);
  };
  const syncNow = () =>
    run(async () => {
      const report = await client.call('syncNow');
      return report.error
        ? { text: `Sync failed: ${report.error.message}`, alert: true }
        : { text: 'Synced.', alert: false };
    });
  const refreshMenu = () =>
    run(async () => {
      const report = await client.call('pull');
      return report.error
        ? { text: `Could not refresh the menu: ${report.error.message}`, alert: true }
        : { text: 'Menu, promotions and wristband list are up to date.', alert: false };
    });
  const signOut = () =>
    run(async () => {
      const outcome = await client.call('signOut');
      if (outcome.ok) {
        onSignedOut();
        return null;
      }
      return { text: outcome.error.message, alert: true };
    });
  return (
    <Sheet title="This device" onClose={onClose}>
      <dl className="facts">
        <dt>Device</dt>
        <dd>{device?.deviceName ?? '–'}</dd>
        <dt>Event</dt>
        <dd>{device?.eventName ?? '–'}</dd>
        <dt>Menu fetched</dt>
        <dd>
          {device?.catalogPulledAt ? new Date(device.catalogPulledAt).toLocaleString() : 'never'}
        </dd>
        <dt>Last sync</dt>
        <dd>{status?.lastSyncAt ? new Date(status.lastSyncAt).toLocaleTimeString() : 'never'}</dd>
        <dt>Unsynced</dt>
        <dd>
          {status?.backlogCount ?? 0} items,{' '}
          {money(status?.amountAtRiskCents ?? 0, status?.currency ?? null)}
        </dd>
        {status?.lastError && (
          <>
            <dt>Last error</dt>
            <dd>{status.lastError.message}</dd>
          </>
        )}
      </dl>
      <div className="button-row">
        <button type="button" onClick={() => void syncNow()} disabled={busy}>
          Sync now
        </button>
        <button type="button" onClick={() => void refreshMenu()} disabled={busy}>
          Refresh menu
        </button>
        <button type="button" className="danger" onClick={() => void signOut()} disabled={busy}>
          Sign out
        </button>
      </div>
      {message && (
        <p role={message.alert ? 'alert' : 'status'} className={message.alert ? 'error' : ''}>
          {message.text}
        </p>
      )}
    </Sheet>
  );
}
