import type { OrderReview, OrderSummary } from '@tabline/protocol';
import { isoTime } from '../iso-time.ts';

/**
 * The columns of an order as the dashboard lists it (`o`: orders), with its
 * device, location, band wearer and latest review joined by
 * `ORDER_SUMMARY_JOINS`. Every join is by key, within the order's event.
 */
export const ORDER_SUMMARY_COLUMNS = `o.id, o.placed_at as "placedAt", o.received_at as "receivedAt",
  o.device_id as "deviceId", d.name as "deviceName", o.location_id as "locationId",
  l.name as "locationName", o.wristband_uid as "wristbandUid", w.attendee_id as "attendeeId",
  a.name as "attendeeName", o.currency, o.total_cents as "totalCents",
  o.charged_cents as "chargedCents", o.adjusted_cents as "adjustedCents",
  o.voided_at is not null as voided, o.status, o.processed_at as "processedAt", o.flags,
  (o.flags <> '{}' and not (o.flags <@ reviewed.flags)) as "needsReview",
  latest.flags as "reviewFlags", latest.reason as "reviewReason",
  latest.reviewed_by as "reviewedBy", latest.name as "reviewedByName",
  latest.reviewed_at as "reviewedAt"`;

/** What `ORDER_SUMMARY_COLUMNS` reads from besides `orders o`. */
export const ORDER_SUMMARY_JOINS = `
  join devices d on d.id = o.device_id
  left join locations l on l.id = o.location_id
  left join wristbands w on w.event_id = o.event_id and w.uid = o.wristband_uid
  left join attendees a on a.id = w.attendee_id
  cross join lateral (
    select coalesce(array_agg(f.flag), '{}') as flags
    from order_reviews r cross join unnest(r.flags) as f (flag) where r.order_id = o.id
  ) reviewed
  left join lateral (
    select r.flags, r.reason, r.reviewed_by, s.name, r.reviewed_at
    from order_reviews r join staff_users s on s.id = r.reviewed_by
    where r.order_id = o.id order by r.id desc limit 1
  ) latest on true`;

/** An order flagged with a flag no review covers yet (`o` and `reviewed` as joined above). */
export const NEEDS_REVIEW = `(o.flags <> '{}' and not (o.flags <@ reviewed.flags))`;

export interface OrderSummaryRow extends Omit<
  OrderSummary,
  'placedAt' | 'receivedAt' | 'processedAt' | 'review'
> {
  readonly placedAt: Date;
  readonly receivedAt: Date;
  readonly processedAt: Date | null;
  readonly reviewFlags: string[] | null;
  readonly reviewReason: string | null;
  readonly reviewedBy: string | null;
  readonly reviewedByName: string | null;
  readonly reviewedAt: Date | null;
}

export function toOrderSummary(row: OrderSummaryRow): OrderSummary {
  const { reviewFlags, reviewReason, reviewedBy, reviewedByName, reviewedAt, ...order } = row;
  const review: OrderReview | null =
    reviewedAt === null
      ? null
      : {
          orderId: row.id,
          flags: reviewFlags!,
          reason: reviewReason!,
          reviewedBy: reviewedBy!,
          reviewedByName: reviewedByName!,
          reviewedAt: isoTime(reviewedAt),
        };
  return {
    ...order,
    placedAt: isoTime(row.placedAt),
    receivedAt: isoTime(row.receivedAt),
    processedAt: isoTime(row.processedAt),
    review,
  };
}
