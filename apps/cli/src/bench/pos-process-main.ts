/**
 * A POS engine in its own process, as a device runs it, for the memory and
 * drain benchmarks: `fill` pulls the catalog and places orders offline;
 * `drain` syncs the whole backlog. Each prints one JSON line at the end
 * (`PosProcessReport`) with its peak resident memory (VmHWM), so the figure
 * is the high-water mark of exactly that work, and how long the work took.
 *
 *   node pos-process-main.ts fill  <db> <serverUrl> <token> <orders> <bands,…>
 *   node pos-process-main.ts drain <db> <serverUrl> <token>
 */
import { createHttpSyncTransport } from '@tabline/pos';
import { openNodePosEngine } from '@tabline/pos/node';
import { placeBenchOrders } from './bench-orders.ts';
import { readProcessMemory } from './read-process-memory.ts';

const [mode, file, baseUrl, deviceToken, orders, bands] = process.argv.slice(2);
if (!file || !baseUrl || !deviceToken) throw new Error('usage: fill|drain <db> <url> <token> …');

const engine = openNodePosEngine(file, {
  transport: createHttpSyncTransport({ baseUrl, deviceToken }),
});
let seconds: number;
try {
  if (mode === 'fill') {
    const pulled = await engine.pull();
    if (pulled.error) throw new Error(`pull failed: ${pulled.error.message}`);
    const started = performance.now();
    placeBenchOrders(engine, Number(orders), (bands ?? '').split(','));
    seconds = (performance.now() - started) / 1000;
  } else {
    const started = performance.now();
    for (;;) {
      const report = await engine.sync();
      if (report.error) throw new Error(`drain failed: ${report.error.message}`);
      if (report.remaining === 0) break;
    }
    seconds = (performance.now() - started) / 1000;
  }
} finally {
  engine.close();
}
const peakRssBytes = readProcessMemory('self')?.peakRssBytes ?? process.memoryUsage().rss;
console.log(JSON.stringify({ mode, peakRssBytes, seconds }));
