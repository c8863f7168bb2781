import Type from 'typebox';
import type { Static } from 'typebox';
import { Cents, WristbandUid } from './schema-parts.ts';

/**
 * A wristband as devices pull it: whether it may buy (a lost band is
 * blocked), its wearer's tier for promotions, and its tab limit if any.
 */
export const WristbandRecord = Type.Object(
  {
    uid: WristbandUid,
    status: Type.Union([Type.Literal('active'), Type.Literal('blocked')]),
    tier: Type.Union([Type.Literal('standard'), Type.Literal('vip')]),
    tabLimitCents: Type.Union([Cents, Type.Null()]),
  },
  { additionalProperties: false },
);
export type WristbandRecord = Static<typeof WristbandRecord>;
