/**
 * A POS engine in its own process, for the memory benchmark: `fill` pulls the
 * catalog and places orders offline; `drain` syncs the whole backlog. Each
 * prints one JSON line at the end with its peak resident memory (VmHWM), so
 * the figure is the high-water mark of exactly that work.
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
try {
  if (mode === 'fill') {
    const pulled = await engine.pull();
    if (pulled.error) throw new Error(`pull failed: ${pulled.error.message}`);
    placeBenchOrders(engine, Number(orders), (bands ?? '').split(','));
  } else {
    for (;;) {
      const report = await engine.sync();
      if (report.error) throw new Error(`drain failed: ${report.error.message}`);
      if (report.remaining === 0) break;
    }
  }
} finally {
  engine.close();
}
const peakRssBytes = readProcessMemory('self')?.peakRssBytes ?? process.memoryUsage().rss;
console.log(JSON.stringify({ mode, peakRssBytes }));
