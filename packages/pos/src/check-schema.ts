import type { Static, TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import type { Validator } from 'typebox/compile';

/** Each protocol schema compiled once, on first use. */
const validators = new WeakMap<TSchema, Pick<Validator, 'Check'>>();

/**
 * Whether `value` matches `schema`, with the schema compiled to a function the
 * first time it is checked (TypeBox falls back to walking the schema where
 * code generation is blocked). Walking the schema at every push answer cost
 * as much as the rest of applying it.
 */
export function matchesSchema<S extends TSchema>(schema: S, value: unknown): value is Static<S> {
  let validator = validators.get(schema);
  if (validator === undefined) {
    validator = Compile(schema);
    validators.set(schema, validator);
  }
  return validator.Check(value);
}
