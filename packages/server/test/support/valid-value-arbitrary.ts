import fc from 'fast-check';
import type { JsonSchema } from './api-operations.ts';
import {
  branchesOf,
  codePointLength,
  numberKeyword,
  patternOf,
  propertiesOf,
  requiredOf,
} from './json-schema.ts';

/** Where a value sits in a body: property names and array indexes. */
export type ValuePath = readonly (string | number)[];

/**
 * One node of a generated value, with the schema it was made from: `node`
 * is the whole schema at that place (all its alternatives), `branch` the
 * alternative the value was made from.
 */
export interface ValueSite {
  readonly path: ValuePath;
  readonly node: JsonSchema;
  readonly branch: JsonSchema;
}

export interface GeneratedValue {
  readonly value: unknown;
  readonly sites: readonly ValueSite[];
}

/**
 * Values for properties and parameters by name (`eventId`, `locationId`,
 * `idempotencyKey`): the caller's own ids, so a valid value is also a
 * sensible one. An array property `fooIds` takes its items from `fooId`.
 */
export type Hints = Readonly<Record<string, fc.Arbitrary<unknown>>>;

/**
 * Values valid against `schema`, with every node they are made of, so a
 * test can break one constraint at one place. Free text carries odd but
 * valid Unicode (right-to-left overrides, zero-width joiners, emoji).
 */
export function validValue(
  schema: JsonSchema,
  hints: Hints,
  name?: string,
): fc.Arbitrary<GeneratedValue> {
  return fc.oneof(...branchesOf(schema).map((branch) => validBranch(schema, branch, hints, name)));
}

function validBranch(
  node: JsonSchema,
  branch: JsonSchema,
  hints: Hints,
  name: string | undefined,
): fc.Arbitrary<GeneratedValue> {
  const leaf = (values: fc.Arbitrary<unknown>) =>
    values.map((value) => ({ value, sites: [{ path: [], node, branch }] }));
  if ('const' in branch) return leaf(fc.constant(branch['const']));
  if (Array.isArray(branch['enum'])) return leaf(fc.constantFrom(...(branch['enum'] as unknown[])));
  const type = branch['type'];
  const hint = name === undefined ? undefined : hints[name];
  if (hint && type !== 'null' && type !== 'array' && type !== 'object') return leaf(hint);
  switch (type) {
    case 'object':
      return validObject(node, branch, hints);
    case 'array':
      return validArray(node, branch, hints, name);
    case 'string':
      return leaf(validText(branch));
    case 'integer':
      return leaf(validInteger(branch));
    case 'number':
      return leaf(validNumber(branch));
    case 'boolean':
      return leaf(fc.boolean());
    case 'null':
      return leaf(fc.constant(null));
    default:
      throw new Error(`no generator for the schema ${JSON.stringify(branch)}`);
  }
}

function validObject(
  node: JsonSchema,
  branch: JsonSchema,
  hints: Hints,
): fc.Arbitrary<GeneratedValue> {
  const required = requiredOf(branch);
  const properties = Object.entries(propertiesOf(branch)).map(([key, schema]) => {
    const value = validValue(schema, hints, key).map((generated) => [key, generated] as const);
    return required.includes(key) ? value : fc.option(value, { nil: null });
  });
  return fc.tuple(...properties).map((entries) => {
    const value: Record<string, unknown> = {};
    const sites: ValueSite[] = [{ path: [], node, branch }];
    for (const entry of entries) {
      if (entry === null) continue;
      const [key, generated] = entry;
      value[key] = generated.value;
      sites.push(...generated.sites.map((site) => ({ ...site, path: [key, ...site.path] })));
    }
    return { value, sites };
  });
}

function validArray(
  node: JsonSchema,
  branch: JsonSchema,
  hints: Hints,
  name: string | undefined,
): fc.Arbitrary<GeneratedValue> {
  const minLength = numberKeyword(branch, 'minItems') ?? 0;
  const maxLength = Math.min(numberKeyword(branch, 'maxItems') ?? Infinity, minLength + 2);
  // `promotionIds` holds promotion ids: the `promotionId` hint fits its items.
  const itemName = name?.endsWith('Ids') ? name.slice(0, -1) : undefined;
  const item = validValue(branch['items'] as JsonSchema, hints, itemName);
  return fc.array(item, { minLength, maxLength }).map((items) => ({
    value: items.map((generated) => generated.value),
    sites: [
      { path: [], node, branch },
      ...items.flatMap((generated, index) =>
        generated.sites.map((site) => ({ ...site, path: [index, ...site.path] })),
      ),
    ],
  }));
}

/** Odd but valid characters for free text, one code point each. */
export const ODD_VALID_CHARACTERS = [
  '\u202e', // right-to-left override
  '\u202d', // left-to-right override
  '\u200b', // zero-width space
  '\u200d', // zero-width joiner
  '\ufeff', // byte order mark
  '\u0301', // combining acute accent, alone
  '\u2028', // line separator
  '\u00a0',
  '\t',
  '\n',
  '"',
  '\\',
  '<',
  '%',
  '😀',
  '🍺',
  '中',
  'ß',
  'İ',
  '\ufffd',
];

const textCharacter = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz ABCXYZ0129-_.'.split('')),
  },
  { weight: 1, arbitrary: fc.constantFrom(...ODD_VALID_CHARACTERS) },
);

/** Whether PostgreSQL can store `text` as it is: no NUL, no lone surrogate. */
export function isStorableText(text: string): boolean {
  return !text.includes('\u0000') && text.isWellFormed();
}

const validTexts = new WeakMap<JsonSchema, fc.Arbitrary<string>>();

/** Strings valid against a string schema (length, pattern, format), storable as they are. */
export function validText(schema: JsonSchema): fc.Arbitrary<string> {
  let texts = validTexts.get(schema);
  if (!texts) {
    texts = makeValidText(schema);
    validTexts.set(schema, texts);
  }
  return texts;
}

function makeValidText(schema: JsonSchema): fc.Arbitrary<string> {
  const minLength = numberKeyword(schema, 'minLength') ?? 0;
  const maxLength = numberKeyword(schema, 'maxLength') ?? Infinity;
  const fits = (text: string) => {
    const length = codePointLength(text);
    return length >= minLength && length <= maxLength && isStorableText(text);
  };
  const format = schema['format'];
  if (typeof format === 'string') return formatted(format).filter(fits);
  const pattern = patternOf(schema);
  if (pattern) {
    // fast-check reads the pattern without the `u` flag; the filter checks with it.
    return fc
      .stringMatching(new RegExp(pattern.source))
      .filter((text) => pattern.test(text) && fits(text));
  }
  return fc.string({
    unit: textCharacter,
    minLength,
    maxLength: Math.min(maxLength, minLength + 24),
  });
}

function formatted(format: string): fc.Arbitrary<string> {
  switch (format) {
    case 'date-time':
      return fc
        .date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
        .map((date) => date.toISOString());
    case 'date':
      return fc
        .date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
        .map((date) => date.toISOString().slice(0, 10));
    case 'email':
      return fc.stringMatching(/^[a-z0-9]{1,16}@example\.test$/);
    case 'uri':
      return fc.stringMatching(/^https:\/\/example\.test\/[a-z0-9]{0,16}$/);
    default:
      throw new Error(`no generator for the string format ${format}`);
  }
}

function validInteger(schema: JsonSchema): fc.Arbitrary<number> {
  for (const keyword of ['exclusiveMinimum', 'exclusiveMaximum', 'multipleOf']) {
    if (keyword in schema) throw new Error(`no generator for integers with ${keyword}`);
  }
  const min = numberKeyword(schema, 'minimum') ?? Number.MIN_SAFE_INTEGER;
  const max = numberKeyword(schema, 'maximum') ?? Number.MAX_SAFE_INTEGER;
  const low = Math.min(Math.max(min, -1000), max);
  const small = fc.integer({ min: low, max: Math.min(max, low + 2000) });
  return fc.oneof(
    { weight: 1, arbitrary: fc.constantFrom(min, max) },
    { weight: 3, arbitrary: small },
    { weight: 1, arbitrary: fc.bigInt({ min: BigInt(min), max: BigInt(max) }).map(Number) },
  );
}

function validNumber(schema: JsonSchema): fc.Arbitrary<number> {
  const min = numberKeyword(schema, 'minimum') ?? -1e15;
  const max = numberKeyword(schema, 'maximum') ?? 1e15;
  return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}
