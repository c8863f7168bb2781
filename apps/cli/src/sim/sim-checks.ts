/**
 * The simulator's checkers, Jepsen style: after the faults are healed and
 * the system has gone quiet, what the devices told their users (their
 * histories) is held against what the server stored and what the SMS
 * provider sent. Every count here should be zero.
 *
 * - Orders: every order a device acknowledged is on the server exactly once.
 *   `lost`: acknowledged, not on the server (and not parked as rejected);
 *   `duplicated`: extra copies of one order (same device seq, same content);
 *   `seqReused`: two different orders under one device seq; `unexpected`:
 *   orders on the server that the device never acknowledged, beyond its
 *   indeterminate attempts (killed between the call and its outcome).
 * - Money: each tab's balance equals its ledger and the charges of its
 *   orders, to the cent; each order's total equals its lines after their
 *   promotions, it is charged at most that, and it has one ledger entry.
 * - Dashboard: the organiser's sales figures (total, by location, by
 *   product, by hour) equal the ledger.
 * - Texts: at most one receipt per order reached the provider, and every
 *   order whose attendee has a phone had its receipt sent.
 * - Leftovers: no job waiting, running or dead-lettered; no order
 *   unprocessed; every device's backlog empty.
 */
import type { SqlClient } from '@tabline/database';
import { JOB_SCHEMA, QUEUES, RECONCILE_TABS_QUEUE } from '@tabline/database';
import { orderReference } from '@tabline/domain';
import type { EventSales } from '@tabline/protocol';
import type { RecordedMessage } from '@tabline/testkit';
import type { SimDeviceStatus, SimHistoryLine } from './sim-device-files.ts';

export interface DeviceOutcome {
  readonly deviceId: string;
  readonly history: readonly SimHistoryLine[];
  readonly status: SimDeviceStatus | null;
}

export interface SimCheckResult {
  readonly attempted: number;
  readonly acknowledged: number;
  /** Refused at the counter (a lost band, a limit): staff were told, nothing stored. */
  readonly refused: Record<string, number>;
  readonly indeterminate: number;
  readonly ordersOnServer: number;
  readonly lost: number;
  readonly duplicated: number;
  /** Device seqs carried by two different orders: a device reused a seq. */
  readonly seqReused: number;
  readonly unexpected: number;
  readonly rejected: number;
  readonly unprocessed: number;
  readonly tabs: number;
  readonly tabMismatches: number;
  readonly orderTotalMismatches: number;
  readonly ledgerMismatches: number;
  /** Dashboard figures that differ from the ledger (or the dashboard could not be read). */
  readonly dashboardMismatches: number;
  readonly smsDue: number;
  readonly smsSent: number;
  readonly smsMissing: number;
  readonly smsDuplicated: number;
  readonly smsByStatus: Record<string, number>;
  readonly jobsLeft: number;
  readonly backlog: number;
  /** Up to SAMPLES_MAX examples of each failing count, to start the search. */
  readonly examples: Record<string, readonly string[]>;
}

const SAMPLES_MAX = 5;

export async function checkSimulation(
  db: SqlClient,
  eventId: string,
  devices: readonly DeviceOutcome[],
  providerMessages: readonly RecordedMessage[],
  dashboard: EventSales | null,
): Promise<SimCheckResult> {
  const examples: Record<string, string[]> = {};
  const example = (name: string, value: string) => {
    const list = (examples[name] ??= []);
    if (list.length < SAMPLES_MAX) list.push(value);
  };

  const { rows: orders } = await db.query<{
    id: string;
    device_id: string;
    device_seq: number;
    status: string;
    content: string;
  }>(
    `select id, device_id, device_seq, status,
            md5(wristband_uid || placed_at::text || total_cents::text) as content
     from orders where event_id = $1`,
    [eventId],
  );
  const byId = new Set(orders.map((order) => order.id));
  // One order stored twice has the same device seq and the same content; a
  // seq handed out twice by a device (a device that forgot what it sold)
  // has two contents under one seq.
  const copies = new Map<string, number>();
  const contents = new Map<string, Set<string>>();
  for (const order of orders) {
    const seq = `${order.device_id}/${order.device_seq}`;
    const copy = `${seq}/${order.content}`;
    copies.set(copy, (copies.get(copy) ?? 0) + 1);
    const seen = contents.get(seq) ?? new Set<string>();
    seen.add(order.content);
    contents.set(seq, seen);
  }
  let duplicated = 0;
  for (const [key, count] of copies) {
    if (count > 1) example('duplicated', key);
    duplicated += count - 1;
  }
  let seqReused = 0;
  for (const [seq, seen] of contents) {
    if (seen.size > 1) example('seqReused', seq);
    seqReused += seen.size - 1;
  }

  let attempted = 0;
  let acknowledgedCount = 0;
  let indeterminate = 0;
  let lost = 0;
  let unexpected = 0;
  let rejected = 0;
  let backlog = 0;
  const refused: Record<string, number> = {};
  for (const device of devices) {
    const outcomes = new Map<number, SimHistoryLine>();
    const acknowledged = new Set<string>();
    let invokes = 0;
    for (const line of device.history) {
      if (line.t === 'invoke') invokes += 1;
      if (line.t === 'ok') {
        outcomes.set(line.n, line);
        acknowledged.add(line.id);
      }
      if (line.t === 'fail') {
        outcomes.set(line.n, line);
        refused[line.code] = (refused[line.code] ?? 0) + 1;
      }
    }
    attempted += invokes;
    acknowledgedCount += acknowledged.size;
    const open = invokes - outcomes.size;
    indeterminate += open;
    const parked = new Set(device.status?.rejected.map((item) => item.orderId) ?? []);
    rejected += device.status?.rejectedCount ?? 0;
    backlog += device.status?.backlog ?? 0;
    for (const id of acknowledged) {
      if (byId.has(id) || parked.has(id)) continue;
      lost += 1;
      example('lost', id);
    }
    // By device_seq: a duplicate of an acknowledged order is counted above, not here.
    const own = orders.filter((order) => order.device_id === device.deviceId);
    const acknowledgedSeqs = new Set(
      own.filter((order) => acknowledged.has(order.id)).map((order) => order.device_seq),
    );
    const unacknowledged = new Set(
      own.map((order) => order.device_seq).filter((seq) => !acknowledgedSeqs.has(seq)),
    );
    if (unacknowledged.size > open) {
      unexpected += unacknowledged.size - open;
      example('unexpected', `${device.deviceId}: ${[...unacknowledged].slice(0, 3).join(', ')}`);
    }
  }
  const known = new Set(devices.map((device) => device.deviceId));
  for (const order of orders) {
    if (known.has(order.device_id)) continue;
    unexpected += 1;
    example('unexpected', order.id);
  }
  const unprocessed = orders.filter((order) => order.status !== 'processed').length;

  const money = await checkMoney(db, eventId, example);
  const dashboardMismatches = await checkDashboard(db, eventId, dashboard, example);
  const texts = await checkTexts(db, eventId, providerMessages, example);
  const jobsLeft = await countJobsLeft(db, example);
  return {
    attempted,
    acknowledged: acknowledgedCount,
    refused,
    indeterminate,
    ordersOnServer: orders.length,
    lost,
    duplicated,
    seqReused,
    unexpected,
    rejected,
    unprocessed,
    ...money,
    dashboardMismatches,
    ...texts,
    jobsLeft,
    backlog,
    examples,
  };
}

async function checkMoney(
  db: SqlClient,
  eventId: string,
  example: (name: string, value: string) => void,
) {
  const { rows: tabs } = await db.query<{
    id: string;
    balance_cents: number;
    ledger_cents: number;
    charged_cents: number;
  }>(
    `select t.id, t.balance_cents,
            coalesce((select sum(l.amount_cents) from ledger_entries l where l.tab_id = t.id), 0)::int8
              as ledger_cents,
            coalesce((select sum(o.charged_cents - o.adjusted_cents) from orders o
                      where o.tab_id = t.id and o.status = 'processed'), 0)::int8 as charged_cents
     from tabs t where t.event_id = $1`,
    [eventId],
  );
  let tabMismatches = 0;
  for (const tab of tabs) {
    if (tab.balance_cents === tab.ledger_cents && tab.ledger_cents === tab.charged_cents) continue;
    tabMismatches += 1;
    example(
      'tabMismatches',
      `${tab.id}: balance ${tab.balance_cents}, ledger ${tab.ledger_cents}, orders ${tab.charged_cents}`,
    );
  }
  const { rows: totals } = await db.query<{ id: string; total_cents: number; lines: number }>(
    `select o.id, o.total_cents,
            (select sum(i.unit_price_cents * i.quantity - i.discount_cents) from order_items i
             where i.order_id = o.id)::int8 as lines
     from orders o
     where o.event_id = $1
       and (o.total_cents <> (select sum(i.unit_price_cents * i.quantity - i.discount_cents)
                              from order_items i where i.order_id = o.id)
            or o.charged_cents > o.total_cents)`,
    [eventId],
  );
  for (const order of totals) {
    example(
      'orderTotalMismatches',
      `${order.id}: total ${order.total_cents}, lines ${order.lines}`,
    );
  }
  const { rows: ledger } = await db.query<{ id: string; entries: number; cents: number }>(
    `select o.id, count(l.id)::int8 as entries, coalesce(sum(l.amount_cents), 0)::int8 as cents
     from orders o left join ledger_entries l on l.order_id = o.id and l.kind = 'order'
     where o.event_id = $1 and o.status = 'processed'
     group by o.id, o.charged_cents
     having count(l.id) <> 1 or coalesce(sum(l.amount_cents), 0) <> o.charged_cents`,
    [eventId],
  );
  for (const order of ledger) {
    example('ledgerMismatches', `${order.id}: ${order.entries} entries, ${order.cents} cents`);
  }
  return {
    tabs: tabs.length,
    tabMismatches,
    orderTotalMismatches: totals.length,
    ledgerMismatches: ledger.length,
  };
}

/**
 * The dashboard's figures against the ledger, summed here independently:
 * the net and each location's net, the order counts, and the breakdowns by
 * product and by hour adding up to the net.
 */
async function checkDashboard(
  db: SqlClient,
  eventId: string,
  sales: EventSales | null,
  example: (name: string, value: string) => void,
): Promise<number> {
  if (sales === null) {
    example('dashboardMismatches', 'the sales endpoint could not be read');
    return 1;
  }
  const { rows } = await db.query<{ location_id: string | null; net: number; orders: number }>(
    `select o.location_id,
            coalesce(sum((select coalesce(sum(l.amount_cents), 0) from ledger_entries l
                          where l.order_id = o.id)), 0)::int8 as net,
            count(*)::int8 as orders
     from orders o where o.event_id = $1 and o.status = 'processed'
     group by o.location_id`,
    [eventId],
  );
  const ledgerNet = rows.reduce((sum, row) => sum + row.net, 0);
  const processed = rows.reduce((sum, row) => sum + row.orders, 0);
  const sum = (values: readonly { netCents: number }[]) =>
    values.reduce((total, value) => total + value.netCents, 0);
  const figures: [string, number, number][] = [
    ['net', sales.totals.netCents, ledgerNet],
    ['processed orders', sales.totals.processedOrders, processed],
    ['pending orders', sales.totals.pendingOrders, 0],
    ['net by location', sum(sales.byLocation), ledgerNet],
    ['net by product', sum(sales.byProduct), ledgerNet],
    ['net by hour', sum(sales.byHour), ledgerNet],
    ['orders by hour', sales.byHour.reduce((n, hour) => n + hour.orders, 0), processed],
  ];
  for (const row of rows) {
    const shown = sales.byLocation.find((location) => location.locationId === row.location_id);
    figures.push([`location ${row.location_id}`, shown?.netCents ?? -1, row.net]);
  }
  let mismatches = 0;
  for (const [name, shown, ledger] of figures) {
    if (shown === ledger) continue;
    mismatches += 1;
    example('dashboardMismatches', `${name}: dashboard ${shown}, ledger ${ledger}`);
  }
  return mismatches;
}

async function checkTexts(
  db: SqlClient,
  eventId: string,
  providerMessages: readonly RecordedMessage[],
  example: (name: string, value: string) => void,
) {
  const atProvider = new Map<string, number>();
  for (const message of providerMessages) {
    const ref = /Ref ([0-9A-F]{8})/.exec(message.body ?? '')?.[1];
    if (ref) atProvider.set(ref, (atProvider.get(ref) ?? 0) + 1);
  }
  const { rows } = await db.query<{ id: string; status: string | null }>(
    `select o.id, s.status
     from orders o
     join wristbands w on w.event_id = o.event_id and w.uid = o.wristband_uid
     join attendees a on a.id = w.attendee_id
     left join sms_messages s on s.order_id = o.id and s.purpose = 'receipt'
     where o.event_id = $1 and a.phone is not null`,
    [eventId],
  );
  const smsByStatus: Record<string, number> = {};
  let smsMissing = 0;
  let smsDuplicated = 0;
  let smsSent = 0;
  for (const order of rows) {
    const status = order.status ?? 'none';
    smsByStatus[status] = (smsByStatus[status] ?? 0) + 1;
    const sent = atProvider.get(orderReference(order.id)) ?? 0;
    if (sent > 1) {
      smsDuplicated += sent - 1;
      example('smsDuplicated', `${order.id}: ${sent} texts`);
    }
    if (status === 'sent' && sent >= 1) smsSent += 1;
    else {
      smsMissing += 1;
      example('smsMissing', `${order.id}: ${status}, ${sent} at the provider`);
    }
  }
  return { smsDue: rows.length, smsSent, smsMissing, smsDuplicated, smsByStatus };
}

/**
 * Jobs of Tabline's queues (and their dead letters) not completed; the
 * reconciliation's next scheduled run waiting is not work left behind.
 */
async function countJobsLeft(db: SqlClient, example: (name: string, value: string) => void) {
  const names = QUEUES.flatMap((queue) => [queue.name, queue.deadLetter]);
  const { rows } = await db.query<{ name: string; state: string; n: number }>(
    `select name, state::text, count(*)::int8 as n from ${JOB_SCHEMA}.job
     where name = any($1) and state in ('created', 'retry', 'active', 'failed')
       and not (name = $2 and state = 'created')
     group by name, state`,
    [names, RECONCILE_TABS_QUEUE.name],
  );
  for (const row of rows) example('jobsLeft', `${row.name} ${row.state}: ${row.n}`);
  return rows.reduce((sum, row) => sum + row.n, 0);
}
