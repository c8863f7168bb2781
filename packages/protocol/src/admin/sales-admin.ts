import Type from 'typebox';
import type { Static } from 'typebox';
import { Cents, CurrencyCode, Id, Name, Timestamp } from '../schema-parts.ts';

/**
 * An event's sales as its ledger has them: what attendees' tabs were charged,
 * less what voids and refunds took back, to the cent. The organiser's
 * dashboard shows them and the simulator's checker compares them with the
 * ledger. Money comes only from ledger entries, so an order still on its way
 * to the order processor (`pendingOrders`) has none yet; the breakdowns cover
 * processed orders only. docs/OPERATING.md, "Sales".
 */

export const EVENT_SALES_PATH = '/v1/events/:eventId/sales';

const Count = Type.Integer({ minimum: 0 });

export const SalesTotals = Type.Object(
  {
    /** The sum of the orders' ledger entries: what tabs were charged. */
    chargedCents: Cents,
    /** What voids took back on tabs, as a positive amount. */
    voidedCents: Cents,
    /** What refunds took back on tabs, as a positive amount. */
    refundedCents: Cents,
    /** `chargedCents - voidedCents - refundedCents`: the sum of the event's ledger. */
    netCents: Cents,
    /** Every order received: `processedOrders + pendingOrders`. */
    orders: Count,
    /** Orders the processor has charged (to a tab, or to no one and flagged). */
    processedOrders: Count,
    /** Orders received but not processed yet: no money of theirs is counted. */
    pendingOrders: Count,
  },
  { additionalProperties: false },
);
export type SalesTotals = Static<typeof SalesTotals>;

export const LocationSales = Type.Object(
  {
    /** Null for orders placed on a device with no location. */
    locationId: Type.Union([Id, Type.Null()]),
    name: Type.Union([Name, Type.Null()]),
    netCents: Cents,
    /** Processed orders placed there. */
    orders: Count,
  },
  { additionalProperties: false },
);
export type LocationSales = Static<typeof LocationSales>;

export const ProductSales = Type.Object(
  {
    productId: Id,
    /** The product's name on the menu, or as rung up if the menu has no such product. */
    name: Name,
    /** Units on processed orders; voids and refunds take back money, not units. */
    quantity: Count,
    /** Its lines' shares of their orders' net (docs/OPERATING.md, "Sales"). */
    netCents: Cents,
  },
  { additionalProperties: false },
);
export type ProductSales = Static<typeof ProductSales>;

export const HourSales = Type.Object(
  {
    /** The instant the hour starts on the event's clocks (its time zone), in UTC. */
    hour: Timestamp,
    netCents: Cents,
    /** Processed orders placed in that hour (the device's placed time). */
    orders: Count,
  },
  { additionalProperties: false },
);
export type HourSales = Static<typeof HourSales>;

export const EventSales = Type.Object(
  {
    currency: CurrencyCode,
    /** The event's IANA time zone, in which `byHour` hours start. */
    timeZone: Type.String({ maxLength: 64 }),
    /** The database's time of the snapshot every figure comes from. */
    asOf: Timestamp,
    totals: SalesTotals,
    /** By net, highest first; then by name. */
    byLocation: Type.Array(LocationSales),
    /** By net, highest first; then by name. */
    byProduct: Type.Array(ProductSales),
    /** Hours with processed orders, earliest first. */
    byHour: Type.Array(HourSales),
  },
  { additionalProperties: false },
);
export type EventSales = Static<typeof EventSales>;
