import type { SqlClient } from '@tabline/database';
import type { TabSummary } from '@tabline/protocol';
import { isoTime } from '../iso-time.ts';
import { toPage } from '../page-request.ts';
import type { Page, PageRequest } from '../page-request.ts';

/** Characters a band code is typed or scanned with besides its letters and digits. */
const BAND_SEPARATORS = /[\s:-]/g;

interface TabRow extends Omit<TabSummary, 'openedAt' | 'lastOrderAt'> {
  readonly openedAt: Date;
  readonly lastOrderAt: Date | null;
}

/**
 * A page of the event's tabs in id order, each with its figures worked out
 * from its ledger entries (through `ledger_entries (tab_id)`) and its orders
 * by key, for the page's tabs only: the page is chosen first. `search`
 * matches part of the attendee's name, any case, or the start of one of
 * their bands' codes as typed; each is worked out once, over the event's
 * attendees and bands, and the tabs are checked against it.
 */
export async function listTabs(
  db: SqlClient,
  eventId: string,
  search: string | null,
  page: PageRequest,
): Promise<Page<TabSummary>> {
  const band = search === null ? null : search.replace(BAND_SEPARATORS, '').toUpperCase();
  const { rows } = await db.query<TabRow>(
    `with page as (
       select t.id, t.event_id, t.attendee_id, t.currency, t.status, t.opened_at
       from tabs t
       where t.event_id = $1 and ($2::uuid is null or t.id > $2::uuid)
         and ($3::text is null
              or t.attendee_id in (select a.id from attendees a
                                   where a.event_id = $1 and a.name ilike $3)
              or t.attendee_id in (select w.attendee_id from wristbands w
                                   where w.event_id = $1 and $4::text ~ '^[A-Z0-9]+$'
                                     and left(w.uid, length($4)) = $4))
       order by t.id limit $5
     )
     select p.id, p.attendee_id as "attendeeId", a.name as "attendeeName",
            (select coalesce(json_agg(json_build_object('uid', w.uid, 'status', w.status)
                                      order by w.uid), '[]'::json)
             from wristbands w where w.attendee_id = p.attendee_id and w.event_id = p.event_id)
              as wristbands,
            p.currency, p.status, p.opened_at as "openedAt",
            s.balance_cents as "balanceCents", s.charged_cents as "chargedCents",
            s.voided_cents as "voidedCents", s.refunded_cents as "refundedCents",
            s.orders, s.last_order_at as "lastOrderAt"
     from page p
     join attendees a on a.id = p.attendee_id
     cross join lateral (
       select coalesce(sum(l.amount_cents), 0)::int8 as balance_cents,
              coalesce(sum(l.amount_cents) filter (where l.kind = 'order'), 0)::int8 as charged_cents,
              coalesce(-sum(l.amount_cents) filter (where l.kind = 'void'), 0)::int8 as voided_cents,
              coalesce(-sum(l.amount_cents) filter (where l.kind = 'refund'), 0)::int8
                as refunded_cents,
              count(*) filter (where l.kind = 'order') as orders,
              max(o.placed_at) filter (where l.kind = 'order') as last_order_at
       from ledger_entries l join orders o on o.id = l.order_id
       where l.tab_id = p.id
     ) s
     order by p.id`,
    [eventId, page.after, search === null ? null : `%${escapeLike(search)}%`, band, page.limit + 1],
  );
  return toPage(rows.map(toTabSummary), page);
}

function toTabSummary(row: TabRow): TabSummary {
  return { ...row, openedAt: isoTime(row.openedAt), lastOrderAt: isoTime(row.lastOrderAt) };
}

/** `%`, `_` and the escape character itself, taken as typed in an ILIKE pattern. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
