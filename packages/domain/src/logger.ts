/**
 * The logging interface engines take: the subset of pino's API that Tabline
 * uses, so the composition root can pass a pino logger and tests a silent one.
 * Log objects must never carry secrets (tokens, auth headers) or personal
 * data (phone numbers, names).
 */
export interface Logger {
  debug(object: object, message?: string): void;
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
}

export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
};
