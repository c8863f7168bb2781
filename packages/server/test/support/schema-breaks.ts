import fc from 'fast-check';
import { REQUEST_BODY_BYTES_MAX } from '@tabline/protocol';
import type { JsonSchema } from './api-operations.ts';
import {
  JSON_TYPES,
  allowedTypes,
  branchesOf,
  codePointLength,
  numberKeyword,
  otherBranchesAllow,
  patternOf,
  propertiesOf,
  requiredOf,
} from './json-schema.ts';
import type { JsonType } from './json-schema.ts';
import { ODD_VALID_CHARACTERS, isStorableText, validText } from './valid-value-arbitrary.ts';
import type { ValueSite } from './valid-value-arbitrary.ts';

/**
 * Values that break a schema at one place, each for certain: a value is
 * offered only where no alternative of the schema could accept it (a string
 * that fails the pattern where the node is "a UUID or null", never where it
 * is "a UUID or any string"). The fuzz puts exactly one into an otherwise
 * valid request, so no valid request can slip in and legitimately change
 * rows.
 */
export interface SchemaBreak {
  /** What was broken, for the counterexample. */
  readonly label: string;
  readonly value: unknown;
}

/** JSON text put where a value goes, as it is: deep nesting, numbers beyond a double. */
export class RawJson {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}

/** Which characters a string break may use: URLs and headers carry fewer than JSON. */
export type TextMedium = 'json' | 'url' | 'header';

/**
 * The breaks of a JSON body at `site`, whose value is now `current`, or null
 * if there are none. Broken constraints (lengths, patterns, ranges, required
 * and unknown properties) come up more often than wrong types and nesting,
 * which are much alike wherever they are.
 */
export function jsonBreaksAt(site: ValueSite, current: unknown): fc.Arbitrary<SchemaBreak> | null {
  const { node, branch } = site;
  const weighted = [
    { weight: 1, breaks: remembered(node, node, 'types', () => wrongTypes(node)) },
    { weight: 1, breaks: remembered(node, node, 'nesting', () => deepNesting(node)) },
    { weight: 4, breaks: constraintBreaks(node, branch, current, 'json') },
  ].filter(({ breaks }) => breaks.length > 0);
  if (weighted.length === 0) return null;
  return fc.oneof(
    ...weighted.map(({ weight, breaks }) => ({ weight, arbitrary: fc.oneof(...breaks) })),
  );
}

/**
 * Arbitraries cost something to build (a pattern is parsed each time), and
 * the same schema nodes come back in every generated request: each node's
 * breaks that do not depend on the value are built once.
 */
const rememberedBreaks = new WeakMap<
  JsonSchema,
  WeakMap<JsonSchema, Map<string, fc.Arbitrary<SchemaBreak>[]>>
>();

function remembered(
  node: JsonSchema,
  branch: JsonSchema,
  key: string,
  make: () => fc.Arbitrary<SchemaBreak>[],
): fc.Arbitrary<SchemaBreak>[] {
  let byBranch = rememberedBreaks.get(node);
  if (!byBranch)
    rememberedBreaks.set(
      node,
      (byBranch = new WeakMap<JsonSchema, Map<string, fc.Arbitrary<SchemaBreak>[]>>()),
    );
  let byKey = byBranch.get(branch);
  if (!byKey) byBranch.set(branch, (byKey = new Map<string, fc.Arbitrary<SchemaBreak>[]>()));
  let breaks = byKey.get(key);
  if (!breaks) byKey.set(key, (breaks = make()));
  return breaks;
}

/** Every break of a string parameter (path, query or header). */
export function textBreaks(schema: JsonSchema, medium: TextMedium): fc.Arbitrary<SchemaBreak>[] {
  return branchesOf(schema)
    .filter((branch) => branch['type'] === 'string')
    .flatMap((branch) =>
      remembered(schema, branch, `string ${medium}`, () => stringBreaks(schema, branch, medium)),
    );
}

function constraintBreaks(
  node: JsonSchema,
  branch: JsonSchema,
  current: unknown,
  medium: TextMedium,
): fc.Arbitrary<SchemaBreak>[] {
  switch (branch['type']) {
    case 'string':
      return remembered(node, branch, `string ${medium}`, () => stringBreaks(node, branch, medium));
    case 'integer':
    case 'number':
      return remembered(node, branch, 'number', () => numberBreaks(node, branch));
    case 'array':
      return arrayBreaks(node, branch, current as unknown[]);
    case 'object':
      return objectBreaks(node, branch, current as Record<string, unknown>);
    default:
      return [];
  }
}

const labelled = (label: string) => (value: unknown) => ({ label, value });

// --- wrong types and deep nesting ------------------------------------------------

const VALUES_OF_TYPE: Record<JsonType, fc.Arbitrary<unknown>> = {
  null: fc.constant(null),
  boolean: fc.boolean(),
  integer: fc.constantFrom(0, -1, 1, 42, 2 ** 53),
  number: fc.constantFrom(0.5, -1.5, 1e-7, 6.5, 3.14159),
  string: fc.constantFrom('', '0', '650', '6.50', 'null', 'true', '[]', '{}'),
  array: fc.constantFrom([], [null], ['x'], [[]], [{}]),
  object: fc.constantFrom({}, { a: 1 }, { '': null }, { length: 1 }),
};

function wrongTypes(node: JsonSchema): fc.Arbitrary<SchemaBreak>[] {
  const allowed = allowedTypes(node);
  if (allowed === null) return [];
  return JSON_TYPES.filter((type) => !allowed.has(type)).map((type) =>
    VALUES_OF_TYPE[type].map(labelled(`wrong type: ${type}`)),
  );
}

/**
 * Nesting thousands deep where the schema nests nothing of the kind: the
 * JSON parser and the validator must not overflow their stacks.
 */
function deepNesting(node: JsonSchema): fc.Arbitrary<SchemaBreak>[] {
  const allowed = allowedTypes(node);
  if (allowed === null) return [];
  // Mostly shallow enough to be cheap; now and then far past any recursion limit.
  const depth = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(33, 1_000) },
    { weight: 2, arbitrary: fc.constant(10_000) },
    { weight: 1, arbitrary: fc.constant(100_000) },
  );
  const breaks: fc.Arbitrary<SchemaBreak>[] = [];
  if (!allowed.has('array') || everyBranchOf(node, 'array', itemsRejectArrays)) {
    breaks.push(
      depth.map((n) => ({
        label: `array nesting ${n} deep`,
        value: new RawJson('['.repeat(n) + ']'.repeat(n)),
      })),
    );
  }
  if (!allowed.has('object') || everyBranchOf(node, 'object', rejectsProperty('a'))) {
    breaks.push(
      depth.map((n) => ({
        label: `object nesting ${n} deep`,
        value: new RawJson('{"a":'.repeat(n) + '0' + '}'.repeat(n)),
      })),
    );
  }
  return breaks;
}

function everyBranchOf(
  node: JsonSchema,
  type: JsonType,
  test: (branch: JsonSchema) => boolean,
): boolean {
  return branchesOf(node)
    .filter((branch) => branch['type'] === type)
    .every(test);
}

function itemsRejectArrays(branch: JsonSchema): boolean {
  const items = allowedTypes((branch['items'] ?? {}) as JsonSchema);
  return items !== null && !items.has('array');
}

function rejectsProperty(key: string) {
  return (branch: JsonSchema) =>
    branch['additionalProperties'] === false && !(key in propertiesOf(branch));
}

// --- strings --------------------------------------------------------------------

/** Strings an attacker tries first, and strings that look almost right. */
const HOSTILE_STRINGS = [
  "' OR '1'='1",
  '"; drop table orders; --',
  '<script>alert(1)</script>',
  '${jndi:ldap://x/a}',
  '../../../etc/passwd',
  '%00',
  '%2e%2e%2f',
  'null',
  'undefined',
  'NaN',
  'true',
  '[]',
  '{}',
  '-1',
  '1e400',
  '0x1F',
  '１２３',
  'ＡＢＣ',
  '00000000-0000-0000-0000-00000000000G',
  '00000000-0000-0000-0000-0000000000000',
  'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
  ' ',
  '',
];

const HOSTILE_CHARACTERS = [
  ...ODD_VALID_CHARACTERS,
  '\u0000',
  '\u0001',
  '\u001b',
  '\u007f',
  '\u0085',
  '\ud800',
  '\udfff',
  "'",
  '/',
  '?',
  '#',
  '&',
  '=',
  '+',
  ' ',
  '\r',
  'a',
  'Z',
  '0',
  '9',
  '-',
];

function forMedium(medium: TextMedium) {
  // Headers carry visible ASCII only (Node refuses the rest before sending).
  return (text: string) => medium !== 'header' || /^[\x20-\x7e]*$/.test(text);
}

/** A valid string changed a little: upper case, one character in, one out. */
function nearMiss(branch: JsonSchema): fc.Arbitrary<string> {
  return fc
    .tuple(validText(branch), fc.nat(), fc.constantFrom(...HOSTILE_CHARACTERS), fc.nat(3))
    .map(([text, at, character, how]) => {
      const index = text.length === 0 ? 0 : at % text.length;
      switch (how) {
        case 0:
          return text.toUpperCase();
        case 1:
          return text.slice(0, index) + character + text.slice(index);
        case 2:
          return text.slice(0, index) + text.slice(index + 1);
        default:
          return text + character;
      }
    });
}

function hostileText(branch: JsonSchema, medium: TextMedium): fc.Arbitrary<string> {
  return fc
    .oneof(
      fc.constantFrom(...HOSTILE_STRINGS),
      fc.string({ unit: fc.constantFrom(...HOSTILE_CHARACTERS), maxLength: 48 }),
      nearMiss(branch),
      // Long: past what a router or a column takes (a path parameter over 100 characters).
      fc
        .tuple(fc.integer({ min: 50, max: 2_000 }), fc.constantFrom('a', '0', '-', 'é'))
        .map(([length, character]) => character.repeat(length)),
    )
    .filter(forMedium(medium));
}

/** Dates and times that are not RFC 3339 date-times, each checked against Ajv's formats. */
const BAD_DATE_TIMES = [
  '',
  'now',
  'yesterday',
  '2024-01-01',
  '12:00:00Z',
  '2024-13-01T00:00:00Z',
  '2024-02-30T00:00:00Z',
  '2023-02-29T00:00:00Z',
  '2024-01-01T24:00:01Z',
  '2024-01-01T00:00:60Z',
  '2024-01-01T00:00:00',
  '2024-01-01T00:00:00+25:00',
  '+002024-01-01T00:00:00Z',
  '２０２４-01-01T00:00:00Z',
];

function stringBreaks(
  node: JsonSchema,
  branch: JsonSchema,
  medium: TextMedium,
): fc.Arbitrary<SchemaBreak>[] {
  if (otherBranchesAllow(node, branch, 'string')) return [];
  const breaks: fc.Arbitrary<SchemaBreak>[] = [];
  const maxLength = numberKeyword(branch, 'maxLength');
  const minLength = numberKeyword(branch, 'minLength') ?? 0;
  const pattern = patternOf(branch);
  if (maxLength !== undefined) breaks.push(tooLong(maxLength, medium));
  if (minLength > 0) {
    breaks.push(
      fc
        .string({ unit: fc.constantFrom('a', '0', '😀'), maxLength: minLength - 1 })
        .map(labelled(`shorter than ${minLength}`)),
    );
  }
  if (pattern) {
    breaks.push(
      hostileText(branch, medium)
        .filter((text) => !pattern.test(text))
        .map(labelled(`does not match ${pattern.source}`)),
    );
  }
  if (branch['format'] === 'date-time') {
    breaks.push(fc.constantFrom(...BAD_DATE_TIMES).map(labelled('not a date-time')));
  }
  const allowed = enumOf(branch);
  if (allowed) {
    breaks.push(
      hostileText(branch, medium)
        .filter((text) => !allowed.includes(text))
        .map(labelled('not one of the allowed values')),
    );
  }
  if (medium === 'json') breaks.push(unstorable(branch));
  return breaks;
}

function enumOf(branch: JsonSchema): unknown[] | undefined {
  if ('const' in branch) return [branch['const']];
  return Array.isArray(branch['enum']) ? (branch['enum'] as unknown[]) : undefined;
}

/**
 * Longer than allowed: mostly just over, sometimes far over, now and then
 * beyond the body limit itself (JSON only: URLs stay within what an HTTP
 * server reads).
 */
function tooLong(maxLength: number, medium: TextMedium): fc.Arbitrary<SchemaBreak> {
  const farMax = medium === 'json' ? 100_000 : 8_000;
  const sizes = [
    { weight: 16, arbitrary: fc.integer({ min: maxLength + 1, max: maxLength + 64 }) },
    {
      weight: 3,
      arbitrary: fc.integer({ min: maxLength + 65, max: Math.max(maxLength + 65, farMax) }),
    },
  ];
  if (medium === 'json') {
    sizes.push({ weight: 1, arbitrary: fc.constant(REQUEST_BODY_BYTES_MAX + 1) });
  }
  const fill = medium === 'json' ? ['a', '0', 'é', '😀', '\u202e'] : ['a', '0', 'Z', '-'];
  return fc
    .tuple(fc.oneof(...sizes), fc.constantFrom(...fill))
    .map(([length, character]) => ({
      label: `${length} characters, over ${maxLength}`,
      value: character.repeat(length),
    }))
    .filter((broken) => codePointLength(broken.value) > maxLength);
}

/**
 * A NUL character or a lone surrogate in otherwise valid text: PostgreSQL
 * cannot store the first, and the second is not Unicode. The server refuses
 * both wherever they are (`reject-unstorable-text.ts`).
 */
function unstorable(branch: JsonSchema): fc.Arbitrary<SchemaBreak> {
  return fc
    .tuple(validText(branch), fc.nat(), fc.constantFrom('\u0000', '\ud800', '\udbff', '\udc00'))
    .map(([text, at, character]) => {
      const index = text.length === 0 ? 0 : at % (text.length + 1);
      return text.slice(0, index) + character + text.slice(index);
    })
    .filter((text) => !isStorableText(text))
    .map(labelled('holds a NUL or a lone surrogate'));
}

// --- numbers --------------------------------------------------------------------

function numberBreaks(node: JsonSchema, branch: JsonSchema): fc.Arbitrary<SchemaBreak>[] {
  const breaks: fc.Arbitrary<SchemaBreak>[] = [];
  const minimum = numberKeyword(branch, 'minimum');
  const maximum = numberKeyword(branch, 'maximum');
  if (otherBranchesAllow(node, branch, 'integer') || otherBranchesAllow(node, branch, 'number')) {
    return breaks;
  }
  if (minimum !== undefined) {
    breaks.push(
      fc
        .constantFrom<unknown>(
          minimum - 1,
          minimum - 1000,
          -1e15,
          -Number.MAX_VALUE,
          new RawJson('-1e400'),
        )
        .filter((value) => value instanceof RawJson || (value as number) < minimum)
        .map(labelled(`below the minimum ${minimum}`)),
    );
  }
  if (maximum !== undefined) {
    breaks.push(
      fc
        .constantFrom<unknown>(
          maximum + 1,
          maximum * 10 + 1,
          1e21,
          Number.MAX_VALUE,
          new RawJson('1e400'),
          new RawJson('123456789012345678901234567890'),
        )
        .filter((value) => value instanceof RawJson || (value as number) > maximum)
        .map(labelled(`above the maximum ${maximum}`)),
    );
  }
  if (branch['type'] === 'integer') {
    breaks.push(
      fc
        .oneof(
          fc.constantFrom(0.5, 0.1, 1e-7, 6.5, 99.99, 1.0000001),
          fractionalBase(minimum, maximum).map((n) => n + 0.5),
        )
        .filter((value) => !Number.isInteger(value))
        .map(labelled('fractional')),
    );
  }
  return breaks;
}

function fractionalBase(minimum: number | undefined, maximum: number | undefined) {
  const low = Math.max(minimum ?? -1e6, -1e6);
  return fc.integer({ min: low, max: Math.max(low, Math.min(maximum ?? 1e6, low + 1e6)) });
}

// --- arrays and objects ---------------------------------------------------------

function arrayBreaks(
  node: JsonSchema,
  branch: JsonSchema,
  current: unknown[],
): fc.Arbitrary<SchemaBreak>[] {
  if (otherBranchesAllow(node, branch, 'array')) return [];
  const breaks: fc.Arbitrary<SchemaBreak>[] = [];
  const maxItems = numberKeyword(branch, 'maxItems');
  const minItems = numberKeyword(branch, 'minItems') ?? 0;
  if (maxItems !== undefined && current.length > 0) {
    breaks.push(
      fc.integer({ min: maxItems + 1, max: maxItems + 3 }).map((length) => ({
        label: `${length} items, over ${maxItems}`,
        value: Array.from({ length }, (_, index) => current[index % current.length]),
      })),
    );
  }
  if (minItems > 0) {
    breaks.push(
      fc.constant({
        label: `${minItems - 1} items, under ${minItems}`,
        value: current.slice(0, minItems - 1),
      }),
    );
  }
  return breaks;
}

const ANY_JSON = fc.jsonValue({ maxDepth: 2 });

function objectBreaks(
  node: JsonSchema,
  branch: JsonSchema,
  current: Record<string, unknown>,
): fc.Arbitrary<SchemaBreak>[] {
  if (otherBranchesAllow(node, branch, 'object')) return [];
  const breaks: fc.Arbitrary<SchemaBreak>[] = [poisoned(current)];
  const required = requiredOf(branch).filter((key) => key in current);
  if (required.length > 0) {
    breaks.push(
      fc.constantFrom(...required).map((key) => {
        const { [key]: _, ...rest } = current;
        return { label: `without the required ${key}`, value: rest };
      }),
    );
  }
  if (branch['additionalProperties'] === false) {
    const known = propertiesOf(branch);
    const key = fc
      .oneof(
        fc.constantFrom('extra', 'id', 'ID', 'isAdmin', 'role', 'organisationId', '$where', ''),
        fc.string({ unit: fc.constantFrom(...HOSTILE_CHARACTERS), maxLength: 12 }),
      )
      .filter((name) => !(name in known) && name !== '__proto__');
    breaks.push(
      fc.tuple(key, ANY_JSON).map(([name, value]) => ({
        label: `with the unknown property ${JSON.stringify(name)}`,
        value: { ...current, [name]: value },
      })),
    );
  }
  return breaks;
}

/**
 * `__proto__` or `constructor.prototype` in an object: the server's JSON
 * parser refuses both (prototype poisoning), whatever the schema says.
 */
function poisoned(current: Record<string, unknown>): fc.Arbitrary<SchemaBreak> {
  return fc
    .constantFrom<[string, unknown]>(
      ['__proto__', { isAdmin: true }],
      ['constructor', { prototype: { isAdmin: true } }],
    )
    .map(([key, value]) => {
      const object = { ...current };
      // defineProperty: an assignment to `__proto__` would set the prototype, not a property.
      Object.defineProperty(object, key, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      return { label: `prototype poisoning through ${key}`, value: object };
    });
}
