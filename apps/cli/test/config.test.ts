import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../src/config.ts';

describe('configuration', () => {
  it('defaults to the embedded PGlite in the data folder and no SMS provider', () => {
    const config = readConfig({ TABLINE_DATA_DIR: '/tmp/x' });
    expect(config.database).toEqual({ kind: 'pglite', dataDir: '/tmp/x/pglite' });
    expect(config.twilio).toBeNull();
    expect(config.port).toBe(3000);
  });

  it('uses PostgreSQL when DATABASE_URL is set', () => {
    const config = readConfig({ DATABASE_URL: 'postgres://u@h/db', DATABASE_POOL_MAX: '20' });
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://u@h/db', poolMax: 20 });
  });

  it('fails fast, saying what to fix', () => {
    expect(() => readConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => readConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/postgres:\/\//);
    expect(() => readConfig({ TWILIO_ACCOUNT_SID: 'AC' + 'a'.repeat(32) })).toThrow(/or none/);
    expect(() =>
      readConfig({ TWILIO_ACCOUNT_SID: 'nope', TWILIO_AUTH_TOKEN: 't', TWILIO_FROM: '+1' }),
    ).toThrow(/AC followed by 32/);
    expect(() => readConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  });

  it('injects no fault unless told to, and reads the fault switches strictly', () => {
    expect(readConfig({}).serverFaults).toEqual({ skipIdempotency: false });
    expect(readConfig({ TABLINE_FAULT_SKIP_IDEMPOTENCY: '0' }).serverFaults).toEqual({
      skipIdempotency: false,
    });
    expect(readConfig({ TABLINE_FAULT_SKIP_IDEMPOTENCY: '1' }).serverFaults).toEqual({
      skipIdempotency: true,
    });
    expect(() => readConfig({ TABLINE_FAULT_SKIP_IDEMPOTENCY: 'yes' })).toThrow(/1 \(on\) or 0/);
  });
});
