import Type from 'typebox';
import type { Static } from 'typebox';
import { APPROVERS_PER_EVENT_MAX } from '@tabline/domain';
import { ApproverRecord } from './adjustment.ts';
import { PULL_PAGE_RECORDS_MAX } from './limits.ts';
import { PromotionRecord } from './promotion-record.ts';
import { Cents, CurrencyCode, Id, Name } from './schema-parts.ts';
import { WristbandRecord } from './wristband-record.ts';

export const PULL_PATH = '/v1/sync/pull';

/**
 * A pull asks for what changed since `cursor` (absent: everything). The cursor
 * is opaque to the POS: it stores the one it got and sends it back.
 */
export const PullQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$' })),
    // Query values are strings, and validation never coerces types.
    limit: Type.Optional(
      Type.String({
        pattern: `^(${PULL_PAGE_RECORDS_MAX}|[1-9][0-9]{0,${String(PULL_PAGE_RECORDS_MAX).length - 2}})$`,
        description: `Most records in the page, 1 to ${PULL_PAGE_RECORDS_MAX}.`,
      }),
    ),
  },
  { additionalProperties: false },
);
export type PullQuery = Static<typeof PullQuery>;

export const CategoryRecord = Type.Object(
  { id: Id, name: Name, position: Type.Integer(), active: Type.Boolean() },
  { additionalProperties: false },
);
export type CategoryRecord = Static<typeof CategoryRecord>;

/** A product on the menu. `active: false` means it was taken off the menu. */
export const ProductRecord = Type.Object(
  {
    id: Id,
    categoryId: Type.Union([Id, Type.Null()]),
    name: Name,
    priceCents: Cents,
    position: Type.Integer(),
    active: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type ProductRecord = Static<typeof ProductRecord>;

/**
 * The event, with its rules for devices that cannot reach the server: how much
 * one wristband may spend on one device before its orders are confirmed, and
 * how long a device may stay out of touch before it warns staff.
 */
export const EventInfo = Type.Object(
  {
    id: Id,
    name: Name,
    currency: CurrencyCode,
    timeZone: Type.String({ maxLength: 64 }),
    offlineSpendingLimitCents: Cents,
    offlineWarningSeconds: Type.Integer({ minimum: 1, maximum: 604_800 }),
  },
  { additionalProperties: false },
);
export type EventInfo = Static<typeof EventInfo>;

export const DeviceInfo = Type.Object(
  { id: Id, name: Name, locationId: Type.Union([Id, Type.Null()]) },
  { additionalProperties: false },
);
export type DeviceInfo = Static<typeof DeviceInfo>;

/**
 * One page of changes. Records come in the order they changed; the POS
 * applies all pages of one pull, with the new cursor, in one transaction.
 * `approvers` is not a change list: every page carries the whole current
 * list of managers who can approve voids and refunds on this device, and
 * the POS replaces the list it held.
 */
export const PullResponse = Type.Object(
  {
    event: EventInfo,
    device: DeviceInfo,
    categories: Type.Array(CategoryRecord),
    products: Type.Array(ProductRecord),
    promotions: Type.Array(PromotionRecord),
    wristbands: Type.Array(WristbandRecord),
    approvers: Type.Array(ApproverRecord, { maxItems: APPROVERS_PER_EVENT_MAX }),
    cursor: Type.String({ pattern: '^[0-9]{1,18}$' }),
    hasMore: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type PullResponse = Static<typeof PullResponse>;
