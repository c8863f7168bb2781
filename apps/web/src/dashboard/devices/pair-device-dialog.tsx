import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { createPairingCode } from '../api/devices.ts';
import type { PairingCode } from '../api/devices.ts';
import { useEvent, useSession } from '../session/session-context.ts';
import { ErrorMessage } from '../ui/error-message.tsx';
import { formatDuration, formatTimeOfDay } from '../ui/format.ts';
import { Modal } from '../ui/modal.tsx';
import { useNow } from '../ui/use-now.ts';
import { devicesKey } from './use-devices.ts';
import { useLocations } from './use-locations.ts';

/**
 * Pairs a new POS: a manager names it and picks its location, and gets a
 * one-time code to type into the tablet, shown large, with its expiry.
 */
export function PairDeviceDialog(props: { readonly onClose: () => void }) {
  const event = useEvent();
  const { api } = useSession();
  const queryClient = useQueryClient();
  const locations = useLocations(event.id);
  const [name, setName] = useState('');
  const [locationId, setLocationId] = useState('');
  const nameId = useId();
  const locationFieldId = useId();
  const create = useMutation({
    mutationFn: () =>
      createPairingCode(api, event.id, {
        deviceName: name.trim(),
        locationId: locationId === '' ? null : locationId,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: devicesKey(event.id) }),
  });
  const submit = (change: FormEvent) => {
    change.preventDefault();
    create.mutate();
  };
  if (create.data) {
    return (
      <Modal title={`Pair ${name.trim()}`} onClose={props.onClose}>
        <PairingCodeShown code={create.data} timeZone={event.timeZone} />
        <div className="modal-actions">
          <button type="button" className="button-primary" onClick={props.onClose}>
            Done
          </button>
        </div>
      </Modal>
    );
  }
  return (
    <Modal title="Pair a device" onClose={props.onClose}>
      <form className="form" onSubmit={submit}>
        <p className="muted">
          Name the tablet as staff will know it, then type the code it gets into the POS app on the
          tablet.
        </p>
        <label htmlFor={nameId}>Device name</label>
        <input
          id={nameId}
          required
          maxLength={100}
          placeholder="Main Bar POS 2"
          value={name}
          onChange={(change) => setName(change.target.value)}
        />
        <label htmlFor={locationFieldId}>Location</label>
        <select
          id={locationFieldId}
          value={locationId}
          onChange={(change) => setLocationId(change.target.value)}
        >
          <option value="">No location</option>
          {locations.data?.items.map((location) => (
            <option key={location.id} value={location.id}>
              {location.name}
            </option>
          ))}
        </select>
        {create.error ? <ErrorMessage error={create.error} /> : null}
        <div className="modal-actions">
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
          <button
            type="submit"
            className="button-primary"
            disabled={create.isPending || name.trim() === ''}
          >
            {create.isPending ? 'Making a code…' : 'Get a pairing code'}
          </button>
        </div>
      </form>
    </Modal>
  );
}

function PairingCodeShown(props: { readonly code: PairingCode; readonly timeZone: string }) {
  const now = useNow();
  const leftMs = Date.parse(props.code.expiresAt) - now;
  return (
    <div className="pairing">
      <p>On the new tablet, open the POS app and enter:</p>
      <p className="pairing-code" data-testid="pairing-code" aria-label={spellOut(props.code.code)}>
        {props.code.code}
      </p>
      <p className={leftMs > 0 ? 'muted' : 'text-danger'} role="status">
        {leftMs > 0
          ? `Works once, until ${formatTimeOfDay(props.code.expiresAt, props.timeZone)} (${formatDuration(leftMs)} left).`
          : 'This code has expired. Close this and make a new one.'}
      </p>
    </div>
  );
}

/** Read out character by character, so "K7QX" is not read as a word. */
function spellOut(code: string): string {
  return `Pairing code ${code.replace(/-/g, '').split('').join(' ')}`;
}
