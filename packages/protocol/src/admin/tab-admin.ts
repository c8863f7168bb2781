import Type from 'typebox';
import type { Static } from 'typebox';
import { Cents, CurrencyCode, Id, Name, Timestamp, WristbandUid } from '../schema-parts.ts';
import { TAB_SEARCH_LENGTH_MAX } from './admin-limits.ts';
import { Page, PageLimit } from './admin-schema-parts.ts';

/**
 * Attendees' tabs as the organiser's dashboard lists them: what each owes,
 * worked out from the tab's ledger entries, with the wearer and their bands.
 * A tab is opened by its attendee's first processed order.
 */

export const EVENT_TABS_PATH = '/v1/events/:eventId/tabs';

const Count = Type.Integer({ minimum: 0 });

export const TabSummary = Type.Object(
  {
    id: Id,
    attendeeId: Id,
    attendeeName: Name,
    /** Every band issued to the attendee, blocked ones too, by code. */
    wristbands: Type.Array(
      Type.Object(
        {
          uid: WristbandUid,
          status: Type.Union([Type.Literal('active'), Type.Literal('blocked')]),
        },
        { additionalProperties: false },
      ),
    ),
    currency: CurrencyCode,
    status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
    openedAt: Timestamp,
    /** The sum of the tab's ledger entries: what the attendee owes now. */
    balanceCents: Cents,
    /** What its orders' entries charged. */
    chargedCents: Cents,
    /** What voids and refunds took back, as positive amounts. */
    voidedCents: Cents,
    refundedCents: Cents,
    /** Orders charged to the tab. */
    orders: Count,
    /** The latest placed time of those orders (the device's clock). */
    lastOrderAt: Type.Union([Timestamp, Type.Null()]),
  },
  { additionalProperties: false },
);
export type TabSummary = Static<typeof TabSummary>;

export const TabListQuery = Type.Object(
  {
    limit: Type.Optional(PageLimit),
    after: Type.Optional(Id),
    q: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: TAB_SEARCH_LENGTH_MAX,
        description:
          "Part of the attendee's name (any case), or the start of one of their bands' codes (as typed or scanned).",
      }),
    ),
  },
  { additionalProperties: false },
);
export type TabListQuery = Static<typeof TabListQuery>;

/** In id order (tabs' ids are time-ordered: oldest tab first). */
export const TabPage = Page(TabSummary);
export type TabPage = Static<typeof TabPage>;
