import Type from 'typebox';
import type { Static } from 'typebox';
import { Cents, Id, WristbandUid } from '../schema-parts.ts';
import { WRISTBAND_INPUT_LENGTH_MAX } from './admin-limits.ts';

/**
 * Schemas of wristbands. A code may be sent as scanned or typed (`tl-00 01`):
 * the server normalises it (`TL0001`) and answers with the normalised form.
 */

export const WristbandCodeInput = Type.String({
  minLength: 1,
  maxLength: WRISTBAND_INPUT_LENGTH_MAX,
  description: 'Letters and digits; case, spaces, colons and dashes do not matter.',
});

export const IssueWristbandRequest = Type.Object(
  {
    uid: WristbandCodeInput,
    attendeeId: Id,
    tabLimitCents: Type.Optional(Type.Union([Cents, Type.Null()])),
  },
  { additionalProperties: false },
);
export type IssueWristbandRequest = Static<typeof IssueWristbandRequest>;

export const UpdateWristbandRequest = Type.Object(
  {
    tabLimitCents: Type.Union([Cents, Type.Null()], {
      description: "The most the wearer's tab may hold; null for no limit.",
    }),
  },
  { additionalProperties: false },
);
export type UpdateWristbandRequest = Static<typeof UpdateWristbandRequest>;

export const WristbandDetails = Type.Object(
  {
    uid: WristbandUid,
    attendeeId: Id,
    status: Type.Union([Type.Literal('active'), Type.Literal('blocked')]),
    tabLimitCents: Type.Union([Cents, Type.Null()]),
  },
  { additionalProperties: false },
);
export type WristbandDetails = Static<typeof WristbandDetails>;

export const WristbandParams = Type.Object(
  { eventId: Id, uid: WristbandCodeInput },
  { additionalProperties: false },
);
