import Type from 'typebox';
import type { Static } from 'typebox';
import { Cents, Timestamp } from './schema-parts.ts';

/**
 * What a device says about itself with each push, so the server can show the
 * fleet (who holds unsynced sales, how old) and measure each clock's skew.
 */
export const Heartbeat = Type.Object(
  {
    appVersion: Type.String({ minLength: 1, maxLength: 64 }),
    deviceTime: Timestamp,
    backlogCount: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
    amountAtRiskCents: Cents,
    oldestQueuedAgeMs: Type.Union([
      Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
      Type.Null(),
    ]),
  },
  { additionalProperties: false },
);
export type Heartbeat = Static<typeof Heartbeat>;
