import { ConfigError } from './config.ts';

/**
 * A command-line flag that takes a whole number from `min` to `max`:
 * `fallback` when it is absent; a ConfigError naming the flag otherwise.
 */
export function readIntegerFlag(
  flag: string,
  value: string | undefined,
  fallback: number,
  max: number,
  min = 1,
): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < min || number > max) {
    throw new ConfigError(
      `--${flag} must be a whole number from ${min} to ${max}, not "${value}".`,
    );
  }
  return number;
}
