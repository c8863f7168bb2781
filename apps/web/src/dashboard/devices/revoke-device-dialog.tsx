import { useQueryClient } from '@tanstack/react-query';
import type { DeviceDetails } from '@tabline/protocol';
import { revokeDevice } from '../api/devices.ts';
import { useEvent, useSession } from '../session/session-context.ts';
import { ConfirmDialog } from '../ui/confirm-dialog.tsx';
import { formatCents, formatCount } from '../ui/format.ts';
import { devicesKey } from './use-devices.ts';

/**
 * Revokes a lost or stolen tablet. A device still holding unsynced sales
 * cannot deliver them once revoked, so the dialog says how much is at stake.
 */
export function RevokeDeviceDialog(props: {
  readonly device: DeviceDetails;
  readonly onClose: () => void;
}) {
  const event = useEvent();
  const { api } = useSession();
  const queryClient = useQueryClient();
  const { device } = props;
  const backlog = device.backlogCount ?? 0;
  return (
    <ConfirmDialog
      title={`Revoke ${device.name}?`}
      confirmLabel="Revoke device"
      danger
      onClose={props.onClose}
      onConfirm={async () => {
        await revokeDevice(api, event.id, device.id);
        await queryClient.invalidateQueries({ queryKey: devicesKey(event.id) });
      }}
    >
      <p>
        Every token of this device stops working at once: it can no longer sync or take part in the
        event until it is paired again.
      </p>
      {backlog > 0 ? (
        <p className="warning-box">
          It still holds {formatCount(backlog)} unsynced {backlog === 1 ? 'item' : 'items'}, sales
          worth {formatCents(device.amountAtRiskCents ?? 0, event.currency)} at its last heartbeat.
          Once revoked it cannot deliver them; recover the tablet and export its backlog first if
          you can.
        </p>
      ) : null}
    </ConfirmDialog>
  );
}
