import { useState } from 'react';
import { EngineGate } from './engine-gate.tsx';
import {
  forgetDeviceCredentials,
  readDeviceCredentials,
  saveDeviceCredentials,
} from './device-credentials.ts';
import { PairScreen } from './pair-screen.tsx';

/** A tablet is either waiting to be paired, or a till. */
export function PosApp() {
  const [credentials, setCredentials] = useState(readDeviceCredentials);
  if (credentials === null) {
    return (
      <PairScreen
        onPaired={(paired) => {
          saveDeviceCredentials(paired);
          setCredentials(paired);
        }}
      />
    );
  }
  return (
    <EngineGate
      credentials={credentials}
      onSignedOut={() => {
        forgetDeviceCredentials();
        setCredentials(null);
      }}
    />
  );
}
