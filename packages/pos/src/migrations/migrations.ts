import { initialSchema } from './0001-initial-schema.ts';
import { storeIntegrity } from './0002-store-integrity.ts';
import { offlineRules } from './0003-offline-rules.ts';
import { unconfirmedByWristband } from './0004-unconfirmed-by-wristband.ts';
import { voidsRefunds } from './0005-voids-refunds.ts';
import { pinLockout } from './0006-pin-lockout.ts';
import type { Migration } from './migration.ts';

/** Every migration, in order. Append new ones; never edit a released one. */
export const MIGRATIONS: readonly Migration[] = [
  initialSchema,
  storeIntegrity,
  offlineRules,
  unconfirmedByWristband,
  voidsRefunds,
  pinLockout,
];
