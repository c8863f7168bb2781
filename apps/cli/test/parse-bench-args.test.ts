import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/config.ts';
import { INGEST_LOAD_DEFAULT } from '../src/bench/measure-ingest-load.ts';
import { parseBenchArgs } from '../src/bench/parse-bench-args.ts';

describe('tabline bench arguments', () => {
  it('run every benchmark at full size by default', () => {
    expect(parseBenchArgs([])).toEqual({ only: null, ingest: INGEST_LOAD_DEFAULT });
  });

  it('run one benchmark, and the ingest benchmark smaller', () => {
    expect(
      parseBenchArgs(['ingest', '--devices', '10', '--seconds', '3', '--overload-seconds', '2']),
    ).toEqual({
      only: 'ingest',
      ingest: { ...INGEST_LOAD_DEFAULT, devices: 10, sustainedSeconds: 3, overloadSeconds: 2 },
    });
  });

  it('refuse an unknown benchmark and a size that is not a whole number in range', () => {
    expect(() => parseBenchArgs(['speed'])).toThrow(ConfigError);
    expect(() => parseBenchArgs(['ingest', '--batch', '101'])).toThrow(/--batch/);
    expect(() => parseBenchArgs(['ingest', '--devices', '2.5'])).toThrow(/--devices/);
  });
});
