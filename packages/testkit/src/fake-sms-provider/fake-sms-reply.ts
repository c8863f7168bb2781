/**
 * A reply: a text a recipient sends to the fake's number, which the fake
 * forwards to the incoming message URL as Twilio does (see `receive-reply.ts`).
 * `parseFakeSmsReply` checks one from an untrusted source (the control API).
 */
import { err, ok } from '@tabline/domain';
import type { Result } from '@tabline/domain';
import { MESSAGE_BODY_CHARS_MAX, REPLY_GEO_VALUE_CHARS_MAX } from './fake-sms-provider-limits.ts';
import { isE164 } from './phone-number.ts';

/** Twilio's optional geographic parameters of an incoming message, when it knows them. */
export const REPLY_GEO_PARAMS = [
  'FromCity',
  'FromState',
  'FromZip',
  'FromCountry',
  'ToCity',
  'ToState',
  'ToZip',
  'ToCountry',
] as const;
export type ReplyGeoParam = (typeof REPLY_GEO_PARAMS)[number];

export interface FakeSmsReply {
  /** The recipient replying, in E.164. */
  readonly from: string;
  /** The text; may be empty, as a message of media alone is. */
  readonly body: string;
  /** Geographic parameters to send, under Twilio's names; none by default. */
  readonly geo?: Readonly<Partial<Record<ReplyGeoParam, string>>>;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const RULES =
  `{ from: E.164 number, body: string of at most ${MESSAGE_BODY_CHARS_MAX} characters, ` +
  `geo?: { ${REPLY_GEO_PARAMS.join(', ')}: string of at most ${REPLY_GEO_VALUE_CHARS_MAX} } }`;

function parseGeo(value: unknown): Result<FakeSmsReply['geo'], string> {
  if (value === undefined) return ok(undefined);
  if (!isRecord(value)) return err(`reply geo must be an object (${RULES})`);
  for (const [name, text] of Object.entries(value)) {
    if (!(REPLY_GEO_PARAMS as readonly string[]).includes(name)) {
      return err(`unknown reply geo parameter '${name}'`);
    }
    if (typeof text !== 'string' || [...text].length > REPLY_GEO_VALUE_CHARS_MAX) {
      return err(`invalid reply geo parameter '${name}' (${RULES})`);
    }
  }
  return ok(value as FakeSmsReply['geo']);
}

export function parseFakeSmsReply(input: unknown): Result<FakeSmsReply, string> {
  if (!isRecord(input)) return err(`a reply must be a JSON object ${RULES}`);
  const { from, body } = input;
  if (typeof from !== 'string' || !isE164(from)) return err(`reply from must be E.164 (${RULES})`);
  if (typeof body !== 'string' || [...body].length > MESSAGE_BODY_CHARS_MAX) {
    return err(`invalid reply body (${RULES})`);
  }
  const unknown = Object.keys(input).find((name) => !['from', 'body', 'geo'].includes(name));
  if (unknown !== undefined) return err(`unknown reply field '${unknown}'`);
  const geo = parseGeo(input.geo);
  if (!geo.ok) return geo;
  return ok(geo.value === undefined ? { from, body } : { from, body, geo: geo.value });
}
