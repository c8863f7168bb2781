/**
 * The V8 flags a POS process runs with: `tabline pos`, and the POS of the
 * memory benchmark, which measures it as it runs.
 *
 * A POS is a device, not a server. V8's defaults size the young generation
 * for a server: with memory free, they grow it, and let the garbage it
 * promotes pile up, as long as a process keeps allocating, so resident
 * memory follows the work done, not what the process holds. A probe on
 * 2026-11-25 showed it: a POS that placed and synced 99,000 orders, 100 at
 * a time, its backlog never above 100, peaked at 253 MiB, near the 260 of
 * one draining a 100,000-order backlog; each holds under 30 MiB of live heap.
 * With the young generation's semi-spaces capped at 2 MiB, the drain peaks
 * at about 167 MiB and takes the same time (the network, not the collector,
 * sets its pace).
 *
 * The old generation still grew between full collections by a factor V8
 * picks (up to 4× what survived the last), so the peak followed when those
 * fell: 100,000-order drains peaked anywhere from 171 to 254 MiB
 * (2026-11-25), most of the spread made while the checks at open streamed
 * the store. A fixed growing factor of 1.2 (`--heap-growing-percent=20`)
 * collects sooner: three drains peaked at 162 to 164 MiB. The drain
 * benchmark, five runs each way taking turns: into PostgreSQL 0.292, 0.3,
 * 0.276, 0.31, 0.272 of raw with it, 0.295, 0.298, 0.28, 0.281, 0.299
 * without; into PGlite 0.236, 0.238, 0.212, 0.231, 0.225 with it, 0.241,
 * 0.237, 0.215, 0.253, 0.242 without: perhaps a few percent on PGlite,
 * inside the spread between runs. `--optimize-for-size` brought the peak
 * lower still (133 to 139 MiB) but slowed the drain by a tenth (0.275
 * against 0.316 into PostgreSQL): not kept.
 *
 * The old generation is left uncapped: a POS that ran out of heap in the
 * middle of service would be down, where one that uses a few MiB more is
 * not. A tablet's WebView sizes the browser engine's heap for the device
 * itself.
 */
export const POS_V8_FLAGS: readonly string[] = [
  '--max-semi-space-size=2',
  '--heap-growing-percent=20',
];

/**
 * The arguments that start this process again with `POS_V8_FLAGS` (for
 * `process.execve`, `argv[0]` first), or null when it already runs with
 * them.
 */
export function posRelaunchArgs(
  execArgv: readonly string[],
  argv: readonly string[],
): string[] | null {
  if (POS_V8_FLAGS.every((flag) => execArgv.includes(flag))) return null;
  const [node, ...rest] = argv;
  return [node ?? process.execPath, ...POS_V8_FLAGS, ...execArgv, ...rest];
}
