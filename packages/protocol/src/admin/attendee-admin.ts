import Type from 'typebox';
import type { Static } from 'typebox';
import { Id, Name, Timestamp } from '../schema-parts.ts';
import { NameInput, Page } from './admin-schema-parts.ts';
import { WristbandDetails } from './wristband-admin.ts';

/**
 * Schemas of attendees: the people wearing wristbands. Name and phone are
 * personal data: answered to the event's managers, never logged.
 */

export const PhoneNumber = Type.String({
  pattern: '^\\+[1-9][0-9]{6,14}$',
  description: 'E.164, such as `+14155550100`; receipts are texted to it.',
});

export const AttendeeTierName = Type.Union([Type.Literal('standard'), Type.Literal('vip')]);

export const CreateAttendeeRequest = Type.Object(
  {
    name: NameInput,
    phone: Type.Union([PhoneNumber, Type.Null()]),
    tier: Type.Optional(AttendeeTierName),
  },
  { additionalProperties: false },
);
export type CreateAttendeeRequest = Static<typeof CreateAttendeeRequest>;

export const UpdateAttendeeRequest = Type.Object(
  {
    name: Type.Optional(NameInput),
    phone: Type.Optional(Type.Union([PhoneNumber, Type.Null()])),
    tier: Type.Optional(AttendeeTierName),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateAttendeeRequest = Static<typeof UpdateAttendeeRequest>;

export const AttendeeDetails = Type.Object(
  {
    id: Id,
    name: Name,
    phone: Type.Union([Type.String(), Type.Null()]),
    tier: AttendeeTierName,
    createdAt: Timestamp,
  },
  { additionalProperties: false },
);
export type AttendeeDetails = Static<typeof AttendeeDetails>;

/** One attendee with every wristband issued to them, blocked ones too. */
export const AttendeeWithWristbands = Type.Object(
  { ...AttendeeDetails.properties, wristbands: Type.Array(WristbandDetails) },
  { additionalProperties: false },
);
export type AttendeeWithWristbands = Static<typeof AttendeeWithWristbands>;

export const AttendeePage = Page(AttendeeDetails);
export type AttendeePage = Static<typeof AttendeePage>;

export const AttendeeParams = Type.Object(
  { eventId: Id, attendeeId: Id },
  { additionalProperties: false },
);
