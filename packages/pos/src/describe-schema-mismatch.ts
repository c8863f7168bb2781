import type { TSchema } from 'typebox';
import Value from 'typebox/value';

/** The most error lines a schema mismatch message carries. */
export const SCHEMA_MISMATCH_ERRORS_SHOWN_MAX = 3;

/**
 * Says where a value departs from its schema, such as
 * `/results/0/idempotencyKey: must match pattern …`, for the last error a
 * device shows and logs. Only called once `Value.Check` said no.
 */
export function describeSchemaMismatch(schema: TSchema, value: unknown): string {
  const errors = Value.Errors(schema, value).slice(0, SCHEMA_MISMATCH_ERRORS_SHOWN_MAX);
  const lines = errors.map((error) => `${error.instancePath || '/'}: ${error.message}`);
  return lines.join('; ') || 'does not match the schema';
}
