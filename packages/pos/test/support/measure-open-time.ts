/**
 * Measures what the checks at open cost as the store grows:
 *
 *     node packages/pos/test/support/measure-open-time.ts [orders]   (default 100000)
 *
 * Builds a store of `orders` orders of 1 to 3 items, twice: all queued (a
 * device offline all day: the outbox and the journal hold every one) and
 * all synced (the journal compacted). The build skips fsyncs; the open is
 * measured as the app does it. Prints the time of the whole open, of each
 * check, of a plain open (what opening cost before the checks), and the
 * sizes; then opens the store again in a child process whose heap is capped
 * at OPEN_HEAP_MIB, far below the size of the files: the checks stream, so
 * the open must fit.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSeededRandom, systemClock } from '@tabline/domain';
import { createPosEngine, openPosStore } from '../../src/index.ts';
import type { JournalFile, StoreFiles } from '../../src/index.ts';
import { checkIntegrity } from '../../src/integrity/check-integrity.ts';
import { checkInvariants } from '../../src/integrity/check-invariants.ts';
import { checkJournalAgreement } from '../../src/integrity/check-journal-agreement.ts';
import { checkRowChecksums } from '../../src/integrity/check-row-checksums.ts';
import { openWorkItemJournal } from '../../src/journal/work-item-journal.ts';
import { createNodeStoreFiles, openNodeSqliteDatabase } from '../../src/node/index.ts';
import { CIDER, LAGER, NACHOS, catalogPage } from './catalog.ts';
import { ScriptedSyncTransport, acceptAll, pageAnswer } from './scripted-sync-transport.ts';

const ORDERS = Number(process.argv[2] ?? 100_000);
const PRODUCTS = [LAGER, CIDER, NACHOS];
/** The heap the open is confined to in the child process. */
const OPEN_HEAP_MIB = 40;

if (process.argv[2] === '--open-only') {
  openOnly(process.argv[3]!);
  process.exit(0);
}

for (const synced of [false, true]) {
  const dir = mkdtempSync(join(tmpdir(), 'tabline-open-time-'));
  const path = join(dir, 'pos.db');
  await build(path, synced);
  report(path, synced);
  rmSync(dir, { recursive: true });
}

/** Fills the store fast: SQLite and the journal without fsyncs, which the open does not care about. */
async function build(path: string, synced: boolean): Promise<void> {
  const files = createNodeStoreFiles(path);
  const fast: StoreFiles = { ...files, openJournal: () => withoutFsync(files.openJournal()) };
  const store = openPosStore(fast, { clock: systemClock });
  store.db.exec('PRAGMA synchronous = OFF');
  const transport = new ScriptedSyncTransport();
  const random = createSeededRandom(7);
  const engine = createPosEngine({ store, transport, clock: systemClock, random });
  transport.answerPulls(pageAnswer(catalogPage()));
  await engine.pull();
  for (let i = 0; i < ORDERS; i++) {
    const items = PRODUCTS.slice(0, 1 + (i % 3)).map((product) => ({
      productId: product.id,
      quantity: 1 + (i % 4),
    }));
    const placed = engine.placeOrder({
      wristbandUid: `TL${String(i % 9999).padStart(4, '0')}`,
      items,
    });
    if (!placed.ok) throw new Error(placed.error.message);
  }
  while (synced && engine.status().backlogCount > 0) {
    transport.answerPushes(...Array.from({ length: 50 }, () => acceptAll));
    await engine.sync();
  }
  engine.close();
}

function withoutFsync(file: JournalFile): JournalFile {
  return { ...file, append: (bytes) => file.append(bytes, false) };
}

function report(path: string, synced: boolean): void {
  const label = `${ORDERS} orders, ${synced ? 'all synced' : 'all queued'}`;
  const sizes = `database ${mib(statSync(path).size)}, journal ${mib(statSync(`${path}.journal`).size)}`;
  const plain = time(() => openNodeSqliteDatabase(path).close());
  const open = time(() => openOnly(path));
  const db = openNodeSqliteDatabase(path);
  const journal = openWorkItemJournal(createNodeStoreFiles(path).openJournal());
  const phases = {
    integrity_check: time(() => checkIntegrity(db)),
    'row checksums': time(() => checkRowChecksums(db)),
    invariants: time(() => checkInvariants(db)),
    journal: time(() => checkJournalAgreement(db, journal)),
  };
  journal.close();
  db.close();
  console.log(`${label} (${sizes}):`);
  console.log(`  open with every check: ${open} ms (a plain open: ${plain} ms)`);
  for (const [phase, ms] of Object.entries(phases)) console.log(`    ${phase}: ${ms} ms`);
  console.log(`  ${openInSmallHeap(path)}`);
}

function openOnly(path: string): void {
  const store = openPosStore(createNodeStoreFiles(path), { clock: systemClock });
  store.db.close();
  store.journal.close();
  if (process.argv[2] !== '--open-only') return;
  const { heapUsed } = process.memoryUsage();
  console.log(
    `heap used after the open ${mib(heapUsed)}, peak RSS ${mib(process.resourceUsage().maxRSS * 1024)}`,
  );
}

function openInSmallHeap(path: string): string {
  const child = spawnSync(
    process.execPath,
    [`--max-old-space-size=${OPEN_HEAP_MIB}`, import.meta.filename, '--open-only', path],
    { encoding: 'utf8' },
  );
  const outcome = child.status === 0 ? child.stdout.trim() : `FAILED: ${child.stderr.slice(-300)}`;
  return `open in a child with a ${OPEN_HEAP_MIB} MiB heap: ${outcome}`;
}

function time(run: () => void): number {
  const started = performance.now();
  run();
  return Math.round(performance.now() - started);
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
