import { useEffect, useState } from 'react';
import type { DeviceCredentials } from './device-credentials.ts';
import type { EngineClient } from './engine/engine-client.ts';
import { forgetEngine, openEngine } from './open-engine.ts';
import { SellScreen } from './sell-screen.tsx';

type Gate =
  | { readonly state: 'opening' }
  | { readonly state: 'open'; readonly client: EngineClient; readonly recovered: boolean }
  | { readonly state: 'failed'; readonly message: string };

/** Opens the device's store (checks, and recovery if it was damaged), then sells. */
export function EngineGate({
  credentials,
  onSignedOut,
}: {
  credentials: DeviceCredentials;
  onSignedOut: () => void;
}) {
  const [gate, setGate] = useState<Gate>({ state: 'opening' });
  useEffect(() => {
    let current = true;
    openEngine(credentials).then(
      ({ client, report }) => {
        if (current) setGate({ state: 'open', client, recovered: report.recovery !== null });
      },
      (error: unknown) => {
        if (current) setGate({ state: 'failed', message: String(error) });
      },
    );
    return () => {
      current = false;
    };
  }, [credentials]);
  switch (gate.state) {
    case 'opening':
      return (
        <main className="centered" aria-busy="true">
          <p>Opening the till…</p>
        </main>
      );
    case 'failed':
      return (
        <main className="centered">
          <p role="alert" className="error">
            This tablet could not open its local store: {gate.message}
          </p>
        </main>
      );
    case 'open':
      return (
        <SellScreen
          client={gate.client}
          recovered={gate.recovered}
          onSignedOut={() => {
            forgetEngine(credentials);
            onSignedOut();
          }}
        />
      );
    default: {
      const unexpected: never = gate;
      return unexpected;
    }
  }
}
