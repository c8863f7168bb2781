import { parseArgs } from 'node:util';
import { PUSH_ITEMS_MAX } from '@tabline/protocol';
import { ConfigError } from '../config.ts';
import { readIntegerFlag } from '../read-integer-flag.ts';
import { BENCH_NAMES } from './bench-command.ts';
import type { BenchName, BenchSelection } from './bench-command.ts';
import { INGEST_LOAD_DEFAULT } from './measure-ingest-load.ts';

/**
 * `tabline bench [name] [--devices n] [--batch n] [--seconds n]
 * [--overload-seconds n]`: which benchmark (all by default), and the size of
 * the ingest benchmark, so it can run small while developing.
 */
export function parseBenchArgs(args: readonly string[]): BenchSelection {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      devices: { type: 'string' },
      batch: { type: 'string' },
      seconds: { type: 'string' },
      'overload-seconds': { type: 'string' },
    },
  });
  const [name, ...extra] = positionals;
  if (extra.length > 0) throw new ConfigError(`tabline bench takes one benchmark name at most.`);
  if (name !== undefined && !BENCH_NAMES.includes(name as BenchName)) {
    throw new ConfigError(`Unknown benchmark "${name}": one of ${BENCH_NAMES.join(', ')}.`);
  }
  const size = (value: string | undefined, fallback: number, flag: string, max: number) =>
    readIntegerFlag(flag, value, fallback, max);
  return {
    only: (name as BenchName | undefined) ?? null,
    ingest: {
      ...INGEST_LOAD_DEFAULT,
      devices: size(values.devices, INGEST_LOAD_DEFAULT.devices, 'devices', 1_000),
      batchItems: size(values.batch, INGEST_LOAD_DEFAULT.batchItems, 'batch', PUSH_ITEMS_MAX),
      sustainedSeconds: size(
        values.seconds,
        INGEST_LOAD_DEFAULT.sustainedSeconds,
        'seconds',
        3_600,
      ),
      overloadSeconds: size(
        values['overload-seconds'],
        INGEST_LOAD_DEFAULT.overloadSeconds,
        'overload-seconds',
        3_600,
      ),
    },
  };
}
