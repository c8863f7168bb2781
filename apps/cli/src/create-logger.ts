import { pino } from 'pino';
import type { Logger as PinoLogger } from 'pino';

/**
 * Structured JSON logs. Secrets are redacted by path as a safety net; the
 * code does not put tokens or personal data in log objects to begin with.
 */
export function createLogger(level: string, destination?: string): PinoLogger {
  const options = {
    level,
    redact: ['req.headers.authorization', '*.deviceToken', '*.authToken', '*.token'],
  };
  return destination === undefined
    ? pino(options)
    : pino(options, pino.destination({ dest: destination, mkdir: true, sync: false }));
}
