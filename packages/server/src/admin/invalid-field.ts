import { ProblemError } from '../problem-error.ts';

/**
 * A `request.invalid` refusal for a field the schema cannot check (a time
 * zone, a currency), pointing at it as a schema failure would.
 */
export function invalidField(path: string, message: string): ProblemError {
  return new ProblemError('request.invalid', `${path.slice(1)} ${message}.`, {
    errors: [{ path, message }],
  });
}
