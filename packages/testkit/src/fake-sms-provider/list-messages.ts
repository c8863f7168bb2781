/**
 * The Messages list operation (GET /2010-04-01/Accounts/{AccountSid}/Messages.json):
 * filters `To`, `From`, `DateSent`, `DateSent<` and `DateSent>`, paging with
 * `PageSize`, `Page` and `PageToken`, newest message first, in Twilio's list
 * envelope.
 *
 * `DateSent` filters compare the message's `date_sent` at Twilio's precision
 * (whole seconds); messages not yet sent have none and never match one. A
 * filter value is either a day, `YYYY-MM-DD` (GMT), or a date-time with a zone
 * (ISO 8601 or RFC 2822). `DateSent<` means "on or before", `DateSent>` "on or
 * after", as Twilio's `DateSent<=` / `DateSent>=` spelling says.
 *
 * Page tokens are cursors: `PA<sid>` is "the page after this message",
 * `PB<sid>` "the page before it", so that paging through a list that grows at
 * the front neither skips nor repeats a message. Without a token (or with one
 * naming a message that is gone), `Page` counts pages from the newest.
 */
import { err, ok } from '@tabline/domain';
import type { Result } from '@tabline/domain';
import { PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX } from './fake-sms-provider-limits.ts';
import type { RecordedMessage } from './recorded-message.ts';
import { twilioError } from './twilio-error.ts';
import type { TwilioErrorBody } from './twilio-error.ts';
import { messagesPath, toTwilioMessageResource } from './twilio-message-resource.ts';
import type { TwilioMessageResource } from './twilio-message-resource.ts';

const DAY_MS = 86_400_000;
const SECOND_MS = 1_000;
/** A page index past any list the fake can hold; bounds the arithmetic. */
const PAGE_INDEX_MAX = 1_000_000;

/** A span of `date_sent` times, start inclusive, end exclusive. */
interface TimeSpan {
  readonly startMs: number;
  readonly endMs: number;
}

export interface MessageListQuery {
  readonly to: string | null;
  readonly from: string | null;
  readonly dateSent: TimeSpan | null;
  readonly pageSize: number;
  readonly page: number;
  readonly pageToken: string | null;
  /** The filters as given, for the page URIs. */
  readonly filters: readonly [string, string][];
}

export interface TwilioMessageList {
  readonly messages: readonly TwilioMessageResource[];
  readonly end: number;
  readonly first_page_uri: string;
  readonly next_page_uri: string | null;
  readonly page: number;
  readonly page_size: number;
  readonly previous_page_uri: string | null;
  readonly start: number;
  readonly uri: string;
}

const DATE_SENT_FILTERS = ['DateSent', 'DateSent<', 'DateSent>'] as const;

/** The span one filter value names: a whole GMT day, or one second. */
function parseDateSentValue(raw: string): TimeSpan | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(raw)) {
    const startMs = Date.parse(`${raw}T00:00:00Z`);
    return Number.isNaN(startMs) ? null : { startMs, endMs: startMs + DAY_MS };
  }
  const instantMs = Date.parse(raw);
  if (Number.isNaN(instantMs)) return null;
  const startMs = Math.floor(instantMs / SECOND_MS) * SECOND_MS;
  return { startMs, endMs: startMs + SECOND_MS };
}

function spanOfFilter(name: (typeof DATE_SENT_FILTERS)[number], value: TimeSpan): TimeSpan {
  if (name === 'DateSent<') return { startMs: -Infinity, endMs: value.endMs };
  if (name === 'DateSent>') return { startMs: value.startMs, endMs: Infinity };
  return value;
}

const intersect = (a: TimeSpan | null, b: TimeSpan): TimeSpan =>
  a === null ? b : { startMs: Math.max(a.startMs, b.startMs), endMs: Math.min(a.endMs, b.endMs) };

function parseDateSent(search: URLSearchParams): Result<TimeSpan | null, TwilioErrorBody> {
  let span: TimeSpan | null = null;
  for (const name of DATE_SENT_FILTERS) {
    const raw = search.get(name);
    if (raw === null) continue;
    const value = parseDateSentValue(raw);
    if (value === null) return err(twilioError(20001, `Invalid ${name} value: ${raw}`));
    span = intersect(span, spanOfFilter(name, value));
  }
  return ok(span);
}

function parseInteger(raw: string | null, fallback: number, min: number, max: number) {
  if (raw === null) return fallback;
  const value = Number(raw);
  return /^\d+$/.test(raw) && value >= min && value <= max ? value : null;
}

export function parseMessageListQuery(
  search: URLSearchParams,
): Result<MessageListQuery, TwilioErrorBody> {
  const dateSent = parseDateSent(search);
  if (!dateSent.ok) return dateSent;
  const pageSize = parseInteger(search.get('PageSize'), PAGE_SIZE_DEFAULT, 1, PAGE_SIZE_MAX);
  if (pageSize === null) return err(twilioError(20001, `PageSize must be 1..${PAGE_SIZE_MAX}`));
  const page = parseInteger(search.get('Page'), 0, 0, PAGE_INDEX_MAX);
  if (page === null) return err(twilioError(20001, 'Page must be a non-negative integer'));
  const filterNames = ['To', 'From', ...DATE_SENT_FILTERS];
  return ok({
    to: search.get('To'),
    from: search.get('From'),
    dateSent: dateSent.value,
    pageSize,
    page,
    pageToken: search.get('PageToken'),
    filters: [...search].filter(([name]) => filterNames.includes(name)),
  });
}

function matches(message: RecordedMessage, query: MessageListQuery): boolean {
  if (query.to !== null && message.to !== query.to) return false;
  if (query.from !== null && message.from !== query.from) return false;
  if (query.dateSent === null) return true;
  if (message.dateSentMs === null) return false;
  const sentMs = Math.floor(message.dateSentMs / SECOND_MS) * SECOND_MS;
  return sentMs >= query.dateSent.startMs && sentMs < query.dateSent.endMs;
}

/** Where the page starts in the filtered list. */
function pageStart(list: readonly RecordedMessage[], query: MessageListQuery): number {
  const token = query.pageToken;
  const at = token === null ? -1 : list.findIndex((m) => m.sid === token.slice(2));
  if (at >= 0 && token?.startsWith('PA') === true) return at + 1;
  if (at >= 0 && token?.startsWith('PB') === true) return Math.max(0, at - query.pageSize);
  return query.page * query.pageSize;
}

function pageUri(accountSid: string, query: MessageListQuery, page: number, token?: string) {
  const search = new URLSearchParams(query.filters.map(([name, value]) => [name, value]));
  search.set('PageSize', String(query.pageSize));
  search.set('Page', String(page));
  if (token !== undefined) search.set('PageToken', token);
  return `${messagesPath(accountSid)}?${search.toString()}`;
}

/** `newestFirst` is every message of the account, newest first. */
export function listMessages(
  newestFirst: readonly RecordedMessage[],
  query: MessageListQuery,
  accountSid: string,
): TwilioMessageList {
  const list = newestFirst.filter((message) => matches(message, query));
  const start = pageStart(list, query);
  const page = list.slice(start, start + query.pageSize);
  const first = page[0];
  const last = page[page.length - 1];
  const hasNext = start + page.length < list.length && last !== undefined;
  return {
    messages: page.map(toTwilioMessageResource),
    start,
    end: page.length === 0 ? start : start + page.length - 1,
    page: query.page,
    page_size: query.pageSize,
    uri: pageUri(accountSid, query, query.page, query.pageToken ?? undefined),
    first_page_uri: pageUri(accountSid, query, 0),
    next_page_uri: hasNext ? pageUri(accountSid, query, query.page + 1, `PA${last.sid}`) : null,
    previous_page_uri:
      start > 0 && first !== undefined
        ? pageUri(accountSid, query, Math.max(0, query.page - 1), `PB${first.sid}`)
        : null,
  };
}
