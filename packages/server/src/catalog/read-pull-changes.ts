import type { SqlClient } from '@tabline/database';
import type {
  CategoryRecord,
  ProductRecord,
  PromotionRecord,
  WristbandRecord,
} from '@tabline/protocol';

/** What a device pulls: an event's catalog, promotions and wristband list. */
export interface PullChanges {
  readonly categories: CategoryRecord[];
  readonly products: ProductRecord[];
  readonly promotions: PromotionRecord[];
  readonly wristbands: WristbandRecord[];
  /** The cursor after the last record returned (the input cursor if none). */
  readonly cursor: number;
  readonly hasMore: boolean;
}

type ChangeRow =
  | { kind: 'category'; sync_seq: number; record: CategoryRecord }
  | { kind: 'product'; sync_seq: number; record: ProductRecord }
  | { kind: 'promotion'; sync_seq: number; record: PromotionRecord }
  | { kind: 'wristband'; sync_seq: number; record: WristbandRecord };

/**
 * Records of one event changed after `cursor`, oldest change first, at most
 * `limit` of all kinds together. Each kind is read in `sync_seq` order up to
 * the limit, then merged, so the page is exactly the next `limit` changes.
 * One row more than asked is read to know whether more remain.
 */
export async function readPullChanges(
  db: SqlClient,
  eventId: string,
  cursor: number,
  limit: number,
): Promise<PullChanges> {
  const { rows } = await db.query<ChangeRow>(
    `(select 'category' as kind, sync_seq,
             jsonb_build_object('id', id, 'name', name, 'position', position, 'active', active) as record
      from categories where event_id = $1 and sync_seq > $2 order by sync_seq limit $3)
     union all
     (select 'product', sync_seq,
             jsonb_build_object('id', id, 'categoryId', category_id, 'name', name,
               'priceCents', price_cents, 'position', position, 'active', active)
      from products where event_id = $1 and sync_seq > $2 order by sync_seq limit $3)
     union all
     (select 'promotion', sync_seq, definition
      from promotions where event_id = $1 and sync_seq > $2 order by sync_seq limit $3)
     union all
     (select 'wristband', w.sync_seq,
             jsonb_build_object('uid', w.uid, 'status', w.status, 'tier', a.tier,
               'tabLimitCents', w.tab_limit_cents)
      from wristbands w join attendees a on a.id = w.attendee_id
      where w.event_id = $1 and w.sync_seq > $2 order by w.sync_seq limit $3)
     order by sync_seq limit $3`,
    [eventId, cursor, limit + 1],
  );
  const page = rows.slice(0, limit);
  const changes: PullChanges = {
    categories: [],
    products: [],
    promotions: [],
    wristbands: [],
    cursor: page.at(-1)?.sync_seq ?? cursor,
    hasMore: rows.length > limit,
  };
  for (const row of page) addChange(changes, row);
  return changes;
}

function addChange(changes: PullChanges, row: ChangeRow) {
  switch (row.kind) {
    case 'category':
      changes.categories.push(row.record);
      return;
    case 'product':
      changes.products.push(row.record);
      return;
    case 'promotion':
      changes.promotions.push(row.record);
      return;
    case 'wristband':
      changes.wristbands.push(row.record);
      return;
    default: {
      const unreachable: never = row;
      throw new Error(`Unknown change ${JSON.stringify(unreachable)}`);
    }
  }
}
