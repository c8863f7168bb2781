import Type from 'typebox';
import {
  MONEY_CENTS_MAX,
  NAME_LENGTH_MAX,
  UUID_PATTERN,
  WRISTBAND_UID_LENGTH_MAX,
  WRISTBAND_UID_LENGTH_MIN,
} from '@tabline/domain';

/** Schemas of the values every message is built from. */

export const Id = Type.String({ pattern: UUID_PATTERN, description: 'A lower-case UUID.' });

export const Name = Type.String({ minLength: 1, maxLength: NAME_LENGTH_MAX });

export const CurrencyCode = Type.String({
  pattern: '^[A-Z]{3}$',
  description: 'ISO 4217 code of the event currency.',
});

export const Cents = Type.Integer({
  minimum: 0,
  maximum: MONEY_CENTS_MAX,
  description: 'An amount in minor units of the event currency.',
});

export const Timestamp = Type.String({
  format: 'date-time',
  maxLength: 40,
  description: 'RFC 3339 date and time.',
});

export const WristbandUid = Type.String({
  pattern: `^[A-Z0-9]{${WRISTBAND_UID_LENGTH_MIN},${WRISTBAND_UID_LENGTH_MAX}}$`,
  description: 'A normalised wristband code: upper-case letters and digits.',
});

export const ErrorBody = Type.Object(
  {
    code: Type.String({ maxLength: 64 }),
    message: Type.String({ maxLength: 1000 }),
  },
  { additionalProperties: false },
);
