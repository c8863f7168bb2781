import fc from 'fast-check';
import { REQUEST_BODY_BYTES_MAX } from '@tabline/protocol';
import { parametersIn } from './api-operations.ts';
import type { ApiOperation, OperationParameter } from './api-operations.ts';
import { allowedTypes } from './json-schema.ts';
import { RawJson, jsonBreaksAt, textBreaks } from './schema-breaks.ts';
import type { SchemaBreak } from './schema-breaks.ts';
import { validValue } from './valid-value-arbitrary.ts';
import type { GeneratedValue, Hints, ValuePath, ValueSite } from './valid-value-arbitrary.ts';

/** One request for `app.inject`. */
export interface FuzzRequest {
  /** What was broken, for the counterexample. */
  readonly label: string;
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly payload: string | Buffer | undefined;
}

type Body =
  | { readonly kind: 'none' }
  | { readonly kind: 'json'; readonly value: unknown }
  | {
      readonly kind: 'raw';
      readonly contentType: string | undefined;
      readonly payload: string | Buffer;
    };

interface RequestParts {
  /** Path parameters, to be percent-encoded. */
  readonly path: Readonly<Record<string, string>>;
  /** Path segments sent exactly as they are (already "encoded", or badly). */
  readonly rawPath: Readonly<Record<string, string>>;
  readonly query: readonly (readonly [string, string])[];
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Body;
}

interface Base {
  readonly parts: RequestParts;
  readonly body: GeneratedValue | null;
}

interface Broken {
  readonly label: string;
  readonly parts: RequestParts;
}

/**
 * Requests to `operation` that are malformed by construction: a valid
 * request made from the operation's schemas (path, query, headers, body),
 * with exactly one thing broken: a constraint of the schema at one place, or
 * the JSON, the encoding, the media type or the size of the whole body.
 */
export function fuzzRequests(
  operation: ApiOperation,
  caller: { readonly authorization: string | undefined; readonly hints: Hints },
): fc.Arbitrary<FuzzRequest> {
  return baseRequest(operation, caller.hints)
    .chain((base) => {
      const choices = breakChoices(operation, base);
      if (choices.length === 0) throw new Error(`${operation.id}: nothing to break`);
      return fc.oneof(...choices);
    })
    .map((broken) => toRequest(operation, caller.authorization, broken));
}

function baseRequest(operation: ApiOperation, hints: Hints): fc.Arbitrary<Base> {
  const value = (parameter: OperationParameter) =>
    validValue(parameter.schema, hints, parameter.name).map(
      (generated) => [parameter.name, String(generated.value)] as const,
    );
  const maybe = (parameter: OperationParameter) =>
    parameter.required ? value(parameter) : fc.option(value(parameter), { nil: null });
  const present = <T>(entries: (T | null)[]) => entries.filter((entry) => entry !== null);
  return fc
    .record({
      path: fc.tuple(...parametersIn(operation, 'path').map(value)),
      query: fc.tuple(...parametersIn(operation, 'query').map(maybe)),
      headers: fc.tuple(...parametersIn(operation, 'header').map(maybe)),
      body: operation.body ? validValue(operation.body, hints) : fc.constant(null),
    })
    .map(({ path, query, headers, body }) => ({
      parts: {
        path: Object.fromEntries(path),
        rawPath: {},
        query: present(query),
        headers: Object.fromEntries(present(headers)),
        body: body ? { kind: 'json', value: body.value } : { kind: 'none' },
      },
      body,
    }));
}

function breakChoices(operation: ApiOperation, base: Base) {
  const choices: fc.WeightedArbitrary<Broken>[] = [];
  const add = (weight: number, arbitraries: fc.Arbitrary<Broken>[]) => {
    if (arbitraries.length > 0) choices.push({ weight, arbitrary: fc.oneof(...arbitraries) });
  };
  if (base.body) add(7, [bodySiteBreaks(base, base.body)]);
  if (takesBody(operation.method)) add(2, wholeBodyBreaks(operation, base));
  add(3, parameterBreaks(operation, base, 'query'));
  add(3, parameterBreaks(operation, base, 'path'));
  add(2, parameterBreaks(operation, base, 'header'));
  return choices;
}

function takesBody(method: string): boolean {
  return ['POST', 'PUT', 'PATCH', 'DELETE'].includes(method);
}

// --- one place in the body -----------------------------------------------------

function bodySiteBreaks(base: Base, body: GeneratedValue): fc.Arbitrary<Broken> {
  const sites = body.sites.flatMap((site) => {
    const breaks = jsonBreaksAt(site, valueAt(body.value, site.path));
    if (breaks === null) return [];
    // Money is numbers: numbers get three times their share of the breaks.
    const type = site.branch['type'];
    return Array<{ site: ValueSite; breaks: fc.Arbitrary<SchemaBreak> }>(
      type === 'integer' || type === 'number' ? 3 : 1,
    ).fill({ site, breaks });
  });
  return fc.constantFrom(...sites).chain(({ site, breaks }) =>
    breaks.map((broken) => ({
      label: `body ${pointer(site.path)}: ${broken.label}`,
      parts: {
        ...base.parts,
        body: { kind: 'json', value: replaceAt(body.value, site.path, broken.value) },
      },
    })),
  );
}

function valueAt(value: unknown, path: ValuePath): unknown {
  return path.reduce<unknown>(
    (node, key) => (node as Record<string | number, unknown>)[key],
    value,
  );
}

/** A copy of `value` with `replacement` at `path` (the original is fast-check's, left alone). */
function replaceAt(value: unknown, path: ValuePath, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [key, ...rest] = path;
  const copy = (
    Array.isArray(value) ? [...(value as unknown[])] : { ...(value as object) }
  ) as Record<string | number, unknown>;
  copy[key!] = replaceAt(copy[key!], rest, replacement);
  return copy;
}

function pointer(path: ValuePath): string {
  return '/' + path.join('/');
}

// --- the body as a whole ---------------------------------------------------------

/** Characters that make JSON text invalid where they are put. */
const JSON_GARBAGE = [
  '{',
  '}',
  '[',
  ']',
  '"',
  ',',
  ':',
  '\\',
  "'",
  'NaN',
  'undefined',
  '\u0000',
  '/*x*/',
  '\u0001',
];

/** Media types the server has no parser for. */
const UNSUPPORTED_MEDIA_TYPES = [
  'application/x-www-form-urlencoded',
  'application/xml',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  'image/png',
  'text/json',
  'application/jsonp',
  'application/vnd.api+json',
];

function wholeBodyBreaks(operation: ApiOperation, base: Base): fc.Arbitrary<Broken>[] {
  const text = base.body ? serializeJson(base.body.value) : '{}';
  const raw = (label: string, contentType: string | undefined, payload: string | Buffer) => ({
    label,
    parts: { ...base.parts, body: { kind: 'raw', contentType, payload } as const },
  });
  const breaks: fc.Arbitrary<Broken>[] = [
    fc
      .tuple(fc.nat(text.length), fc.constantFrom(...JSON_GARBAGE), fc.nat(2))
      .map(([at, garbage, how]) => {
        if (how === 0) return text.slice(0, Math.min(at, text.length - 1));
        if (how === 1) return text.slice(0, at) + garbage + text.slice(at);
        return text + garbage;
      })
      .filter((broken) => !parsesAsJson(broken))
      .map((broken) => raw('malformed JSON', 'application/json', broken)),
    fc.constantFrom([0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xc0, 0xaf]).chain((bytes) =>
      fc.boolean().map((before) => {
        const invalid = Buffer.from(bytes);
        const json = Buffer.from(text);
        return raw(
          'not UTF-8',
          'application/json',
          before ? Buffer.concat([invalid, json]) : Buffer.concat([json, invalid]),
        );
      }),
    ),
    fc
      .constantFrom(...UNSUPPORTED_MEDIA_TYPES)
      .map((type) => raw(`media type ${type}`, type, text)),
    fc
      .nat(64)
      .map((extra) =>
        raw(
          'over the body limit',
          'application/json',
          text + ' '.repeat(REQUEST_BODY_BYTES_MAX + 1 - Buffer.byteLength(text) + extra),
        ),
      ),
  ];
  if (operation.body) {
    breaks.push(
      fc.constant({ label: 'no body', parts: { ...base.parts, body: { kind: 'none' } as const } }),
      fc.constant(raw('an empty JSON body', 'application/json', '')),
    );
    // text/plain is parsed, as a string: wrong wherever the schema wants no string.
    if (!allowedTypes(operation.body)?.has('string')) {
      breaks.push(fc.constant(raw('JSON sent as text/plain', 'text/plain', text)));
    }
  }
  return breaks;
}

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** JSON text of `value`, with each `RawJson` spliced in as it is. */
export function serializeJson(value: unknown): string {
  const raws: string[] = [];
  const marker = (index: number) => `@@raw-json-${index}-5f3a9c@@`;
  const text = JSON.stringify(value, (_key, node: unknown) => {
    if (!(node instanceof RawJson)) return node;
    raws.push(node.text);
    return marker(raws.length - 1);
  });
  return raws.reduce((json, raw, index) => json.replace(`"${marker(index)}"`, () => raw), text);
}

// --- path, query and headers --------------------------------------------------

/** Percent-encodings that decode to nothing valid. */
const BAD_PERCENT_ENCODINGS = ['%', '%zz', '%E0%A4%A', '%C0%AF', '%ED%A0%80', '%FF', 'a%2', '%%30'];

function parameterBreaks(
  operation: ApiOperation,
  base: Base,
  place: OperationParameter['in'],
): fc.Arbitrary<Broken>[] {
  return parametersIn(operation, place).flatMap((parameter) => {
    const medium = place === 'header' ? 'header' : 'url';
    const breaks: fc.Arbitrary<Broken>[] = textBreaks(parameter.schema, medium).map((broken) =>
      broken.map((value) => withParameter(base, parameter, value)),
    );
    if (place === 'path') {
      breaks.push(
        fc.constantFrom(...BAD_PERCENT_ENCODINGS).map((encoded) => ({
          label: `path ${parameter.name}: bad percent-encoding ${encoded}`,
          parts: { ...base.parts, rawPath: { ...base.parts.rawPath, [parameter.name]: encoded } },
        })),
      );
    }
    if (place === 'query' && !allowedTypes(parameter.schema)?.has('array')) {
      breaks.push(
        fc.tuple(fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 })).map(([a, b]) => ({
          label: `query ${parameter.name}: given twice`,
          parts: {
            ...base.parts,
            query: [
              ...base.parts.query.filter(([name]) => name !== parameter.name),
              [parameter.name, a],
              [parameter.name, b],
            ],
          },
        })),
      );
    }
    if (parameter.required && place !== 'path') breaks.push(fc.constant(without(base, parameter)));
    return breaks;
  });
}

function withParameter(base: Base, parameter: OperationParameter, broken: SchemaBreak): Broken {
  const value = String(broken.value);
  const label = `${parameter.in} ${parameter.name}: ${broken.label}`;
  const { parts } = base;
  switch (parameter.in) {
    case 'path':
      return { label, parts: { ...parts, path: { ...parts.path, [parameter.name]: value } } };
    case 'query':
      return {
        label,
        parts: {
          ...parts,
          query: [
            ...parts.query.filter(([name]) => name !== parameter.name),
            [parameter.name, value],
          ],
        },
      };
    case 'header':
      return { label, parts: { ...parts, headers: { ...parts.headers, [parameter.name]: value } } };
  }
}

function without(base: Base, parameter: OperationParameter): Broken {
  const { parts } = base;
  const label = `${parameter.in} ${parameter.name}: missing`;
  if (parameter.in === 'query') {
    return {
      label,
      parts: { ...parts, query: parts.query.filter(([name]) => name !== parameter.name) },
    };
  }
  const { [parameter.name]: _, ...headers } = parts.headers;
  return { label, parts: { ...parts, headers } };
}

// --- the request ------------------------------------------------------------------

function toRequest(
  operation: ApiOperation,
  authorization: string | undefined,
  { label, parts }: Broken,
): FuzzRequest {
  const path = operation.path.replace(
    /\{([^}]+)\}/g,
    (_, name: string) => parts.rawPath[name] ?? encodeSegment(parts.path[name]!),
  );
  const query = parts.query
    .map(([name, value]) => `${encodeSegment(name)}=${encodeSegment(value)}`)
    .join('&');
  const headers: Record<string, string> = { ...parts.headers };
  if (authorization !== undefined) headers['authorization'] = authorization;
  let payload: string | Buffer | undefined;
  if (parts.body.kind === 'json') {
    headers['content-type'] = 'application/json';
    payload = serializeJson(parts.body.value);
  } else if (parts.body.kind === 'raw') {
    if (parts.body.contentType !== undefined) headers['content-type'] = parts.body.contentType;
    payload = parts.body.payload;
  }
  const request = {
    label,
    method: operation.method,
    url: query === '' ? path : `${path}?${query}`,
    headers,
    payload,
  };
  return Object.assign(request, { [fc.toStringMethod]: () => describeRequest(request) });
}

function describeRequest(request: FuzzRequest): string {
  const payload = request.payload ?? '';
  const head =
    typeof payload === 'string' ? payload.slice(0, 300) : payload.subarray(0, 300).toString('hex');
  return `${request.label}: ${request.method} ${request.url.slice(0, 300)} ${JSON.stringify(
    request.headers,
  ).slice(0, 300)} (${payload.length} body units) ${JSON.stringify(head)}`;
}

/**
 * encodeURIComponent, except that a lone surrogate (which it refuses) is
 * written as the three bytes it would take (WTF-8): a URL no server can
 * decode, which is the point.
 */
export function encodeSegment(text: string): string {
  let encoded = '';
  for (const character of text) {
    const unit = character.charCodeAt(0);
    if (character.length === 1 && unit >= 0xd800 && unit <= 0xdfff) {
      encoded += [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)]
        .map((byte) => `%${byte.toString(16).toUpperCase()}`)
        .join('');
    } else {
      encoded += encodeURIComponent(character);
    }
  }
  return encoded;
}
