import Type from 'typebox';
import type { Static } from 'typebox';
import { MONEY_CENTS_MAX } from '@tabline/domain';
import { StaffRoleName } from '../auth.ts';
import { Cents, CurrencyCode, Id, Name, Timestamp } from '../schema-parts.ts';
import { NameInput, Page } from './admin-schema-parts.ts';

/** Schemas of the events an organisation runs. */

export const EVENTS_PATH = '/v1/events';

export const TimeZoneName = Type.String({
  minLength: 1,
  maxLength: 64,
  pattern: '^[A-Za-z0-9_+\\-/]+$',
  description: 'An IANA time zone, such as `Europe/London`; promotion windows are local to it.',
});

const OfflineWarningSeconds = Type.Integer({
  minimum: 1,
  maximum: 604_800,
  description: 'A device out of touch this long warns its staff.',
});

const OfflineSpendingLimitCents = Type.Integer({
  minimum: 0,
  maximum: MONEY_CENTS_MAX,
  description:
    'What one wristband may spend on one device before its orders are confirmed by the server.',
});

export const CreateEventRequest = Type.Object(
  {
    name: NameInput,
    currency: CurrencyCode,
    timeZone: TimeZoneName,
    offlineSpendingLimitCents: Type.Optional(OfflineSpendingLimitCents),
    offlineWarningSeconds: Type.Optional(OfflineWarningSeconds),
  },
  { additionalProperties: false },
);
export type CreateEventRequest = Static<typeof CreateEventRequest>;

/** What may change once an event exists: everything but its currency. */
export const UpdateEventRequest = Type.Object(
  {
    name: Type.Optional(NameInput),
    timeZone: Type.Optional(TimeZoneName),
    offlineSpendingLimitCents: Type.Optional(OfflineSpendingLimitCents),
    offlineWarningSeconds: Type.Optional(OfflineWarningSeconds),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateEventRequest = Static<typeof UpdateEventRequest>;

export const EventDetails = Type.Object(
  {
    id: Id,
    name: Name,
    currency: CurrencyCode,
    timeZone: Type.String({ maxLength: 64 }),
    offlineSpendingLimitCents: Cents,
    offlineWarningSeconds: OfflineWarningSeconds,
    createdAt: Timestamp,
    /** The caller's role for the event. */
    role: StaffRoleName,
  },
  { additionalProperties: false },
);
export type EventDetails = Static<typeof EventDetails>;

export const EventPage = Page(EventDetails);
export type EventPage = Static<typeof EventPage>;
