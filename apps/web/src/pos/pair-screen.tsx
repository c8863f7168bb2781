import { useState } from 'react';
import type { FormEvent } from 'react';
import type { DeviceCredentials } from './device-credentials.ts';
import { pairDevice } from './pair-device.ts';

/** The first screen of a new tablet: type the code a manager made on the dashboard. */
export function PairScreen({ onPaired }: { onPaired: (credentials: DeviceCredentials) => void }) {
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const outcome = await pairDevice(code);
    setBusy(false);
    if (outcome.ok) onPaired(outcome.credentials);
    else setError(outcome.message);
  };
  return (
    <main className="pair">
      <form className="pair-card" onSubmit={(event) => void submit(event)}>
        <h1>Tabline POS</h1>
        <p>Pair this tablet with a code from the dashboard (Devices, then Pair a device).</p>
        <label htmlFor="pairing-code">Pairing code</label>
        <input
          id="pairing-code"
          value={code}
          onChange={(event) => setCode(event.target.value)}
          placeholder="XXXX-XXXX"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          required
        />
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy || code.trim() === ''}>
          {busy ? 'Pairing…' : 'Pair'}
        </button>
      </form>
    </main>
  );
}
