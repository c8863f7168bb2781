import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { WristbandDetails } from '@tabline/protocol';
import { setWristbandBlocked } from '../api/wristbands.ts';
import { useEvent, useSession } from '../session/session-context.ts';
import { Card } from '../ui/card.tsx';
import { ConfirmDialog } from '../ui/confirm-dialog.tsx';
import { ErrorMessage } from '../ui/error-message.tsx';
import { formatCents, formatDateTime } from '../ui/format.ts';
import { StatusPill } from '../ui/status-pill.tsx';
import { attendeeKey, useAttendee } from './use-attendees.ts';

/** One attendee: who they are, and every wristband issued to them, blocked ones too. */
export function AttendeePanel(props: { readonly attendeeId: string }) {
  const event = useEvent();
  const attendee = useAttendee(event.id, props.attendeeId);
  const [changing, setChanging] = useState<WristbandDetails | null>(null);
  if (attendee.isPending) return <div className="card">Loading…</div>;
  if (attendee.isError) {
    return (
      <div className="card">
        <ErrorMessage error={attendee.error} prefix="This attendee could not be loaded:" />
      </div>
    );
  }
  const person = attendee.data;
  return (
    <Card title={person.name} className="attendee-panel">
      <dl className="facts">
        <div>
          <dt>Tier</dt>
          <dd>{person.tier === 'vip' ? 'VIP' : 'Standard'}</dd>
        </div>
        <div>
          <dt>Phone</dt>
          <dd>{person.phone ?? 'none: no text receipts'}</dd>
        </div>
        <div>
          <dt>Registered</dt>
          <dd>{formatDateTime(person.createdAt, event.timeZone)}</dd>
        </div>
      </dl>
      <h3>Wristbands</h3>
      {person.wristbands.length === 0 ? (
        <p className="muted">No wristband issued yet.</p>
      ) : (
        <table className="data-table" data-testid="wristbands">
          <thead>
            <tr>
              <th scope="col">Code</th>
              <th scope="col">State</th>
              <th scope="col">Tab limit</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {person.wristbands.map((band) => (
              <tr key={band.uid} data-id={band.uid}>
                <th scope="row" className="mono">
                  {band.uid}
                </th>
                <td>
                  <StatusPill tone={band.status === 'blocked' ? 'danger' : 'ok'}>
                    {band.status === 'blocked' ? 'Blocked' : 'Active'}
                  </StatusPill>
                </td>
                <td>
                  {band.tabLimitCents === null
                    ? 'No limit'
                    : formatCents(band.tabLimitCents, event.currency)}
                </td>
                <td className="cell-actions">
                  <button
                    type="button"
                    className={
                      band.status === 'blocked' ? 'button-small' : 'button-small button-danger'
                    }
                    onClick={() => setChanging(band)}
                  >
                    {band.status === 'blocked'
                      ? `Unblock ${band.uid}`
                      : `Block ${band.uid} as lost`}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {changing ? (
        <ChangeBandDialog
          band={changing}
          attendeeName={person.name}
          onClose={() => setChanging(null)}
        />
      ) : null}
    </Card>
  );
}

/** Blocks a lost band, or unblocks a found one, after saying what that does at the bars. */
function ChangeBandDialog(props: {
  readonly band: WristbandDetails;
  readonly attendeeName: string;
  readonly onClose: () => void;
}) {
  const event = useEvent();
  const { api } = useSession();
  const queryClient = useQueryClient();
  const block = props.band.status === 'active';
  return (
    <ConfirmDialog
      title={block ? `Block wristband ${props.band.uid}?` : `Unblock wristband ${props.band.uid}?`}
      confirmLabel={block ? 'Block wristband' : 'Unblock wristband'}
      danger={block}
      onClose={props.onClose}
      onConfirm={async () => {
        await setWristbandBlocked(api, event.id, props.band.uid, block);
        await queryClient.invalidateQueries({ queryKey: ['wristbands', event.id] });
        await queryClient.invalidateQueries({
          queryKey: attendeeKey(event.id, props.band.attendeeId),
        });
      }}
    >
      {block ? (
        <p>
          Report {props.attendeeName}&apos;s band as lost. Every POS refuses it after its next pull
          from the server, so whoever finds it cannot buy on this tab. Sales already taken stay on
          the tab.
        </p>
      ) : (
        <p>
          {props.attendeeName}&apos;s band can buy on their tab again once devices have pulled the
          change.
        </p>
      )}
    </ConfirmDialog>
  );
}
