import type { Migration } from './migration.ts';

/**
 * Every order checks its band's unconfirmed spending (the offline limit):
 * without an index that is a scan of every order the device ever took, so
 * `placeOrder` grew slower through an event. The index holds queued orders
 * only, so it stays as small as the backlog.
 */
export const unconfirmedByWristband: Migration = {
  version: 4,
  name: 'unconfirmed by wristband',
  sql: `
CREATE INDEX orders_queued_by_wristband ON orders (wristband_uid, total_cents)
  WHERE sync_state = 'queued';
`,
};
