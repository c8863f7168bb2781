import { formatMoney } from '@tabline/domain';
import type { Clock } from '@tabline/domain';
import type { PosEngine } from '@tabline/pos';
import { menuEntries } from './menu-entries.ts';
import { parseOrderLine } from './parse-order-line.ts';
import {
  describeSyncError,
  renderMenu,
  renderOrders,
  renderQueue,
  renderRejected,
  renderStatus,
} from './render.ts';

export const POS_HELP = `Commands:
  menu                          the menu this POS holds
  order <band> <item>[:<qty>]…  take an order, e.g.  order TL0001 lager:2 nachos
                                (items by menu number or name; dashes for spaces)
  queue                         orders waiting to reach the server
  sync                          push the queue to the server now
  pull                          fetch the menu from the server
  orders                        the latest orders and where each stands
  rejected                      items the server refused, with the reason
  status                        backlog, money not yet on the server, last sync
  help, quit`;

export interface PosCommandResult {
  readonly output: string;
  /** An order was placed: the caller may sync in the background. */
  readonly placed: boolean;
  readonly quit: boolean;
}

const done = (output: string, extra: Partial<PosCommandResult> = {}): PosCommandResult => ({
  output,
  placed: false,
  quit: false,
  ...extra,
});

/** Runs one line typed at the terminal POS. */
export async function runPosCommand(engine: PosEngine, args: readonly string[], clock: Clock) {
  const [command, ...rest] = args;
  const currency = engine.deviceInfo()?.currency ?? null;
  switch (command) {
    case undefined:
      return done('');
    case 'menu':
      return done(renderMenu(engine.deviceInfo(), menuEntries(engine.menu())));
    case 'order':
      return placeOrder(engine, rest);
    case 'queue':
      return done(renderQueue(engine.queue(), currency));
    case 'orders':
      return done(renderOrders(engine.recentOrders()));
    case 'rejected':
      return done(renderRejected(engine.rejectedItems(), currency));
    case 'status':
      return done(renderStatus(engine.status(), clock.now()));
    case 'sync': {
      const report = await engine.sync();
      const summary = `pushed ${report.pushed}: ${report.accepted} accepted, ${report.rejected} rejected; ${report.remaining ?? '?'} still queued`;
      return done(
        report.error ? `${summary}\nstopped: ${describeSyncError(report.error)}` : summary,
      );
    }
    case 'pull': {
      const report = await engine.pull();
      return done(
        report.error
          ? `pull failed, menu unchanged: ${describeSyncError(report.error)}`
          : `menu updated: ${report.products} product and ${report.categories} category change(s)`,
      );
    }
    case 'help':
      return done(POS_HELP);
    case 'quit':
    case 'exit':
      return done('', { quit: true });
    default:
      return done(`Unknown command "${command}". Type help.`);
  }
}

function placeOrder(engine: PosEngine, args: readonly string[]): PosCommandResult {
  const parsed = parseOrderLine(args, menuEntries(engine.menu()));
  if (!parsed.ok) return done(parsed.error);
  const placed = engine.placeOrder(parsed.value);
  if (!placed.ok) return done(`Refused (${placed.error.code}): ${placed.error.message}`);
  const order = placed.value;
  const items = order.items.map((item) => `${item.quantity}x ${item.productName}`).join(', ');
  const total = formatMoney({ amountCents: order.totalCents, currency: order.currency });
  return done(`Order ${order.id.slice(-8)} for ${order.wristbandUid}: ${items} = ${total}`, {
    placed: true,
  });
}
