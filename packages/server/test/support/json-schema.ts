import type { JsonSchema } from './api-operations.ts';

/**
 * Just enough of JSON Schema to reason about what a value of the API's
 * schemas may be: the JSON types a node allows, its alternatives, and the
 * numbers and lengths it bounds. Only the keywords the API's schemas use are
 * read; anything else makes a node "unknown", and the tests then leave it
 * alone rather than guess.
 */
export const JSON_TYPES = [
  'null',
  'boolean',
  'integer',
  'number',
  'string',
  'array',
  'object',
] as const;
export type JsonType = (typeof JSON_TYPES)[number];

/** The JSON type of a value; whole numbers are `integer`, as JSON Schema counts them. */
export function jsonType(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'boolean':
      return 'boolean';
    case 'number':
      return Number.isInteger(value) ? 'integer' : 'number';
    case 'string':
      return 'string';
    case 'object':
      return 'object';
    case 'bigint':
    case 'function':
    case 'symbol':
    case 'undefined':
      break;
  }
  throw new Error(`not a JSON value: ${typeof value}`);
}

/** The alternatives of a node (`anyOf` / `oneOf`), or the node itself. */
export function branchesOf(schema: JsonSchema): JsonSchema[] {
  const alternatives = (schema['anyOf'] ?? schema['oneOf']) as JsonSchema[] | undefined;
  return alternatives ? alternatives.flatMap(branchesOf) : [schema];
}

/**
 * The JSON types some branch of `schema` accepts, or null when a branch
 * does not say (then any type might be valid there).
 */
export function allowedTypes(schema: JsonSchema): Set<JsonType> | null {
  const types = new Set<JsonType>();
  for (const branch of branchesOf(schema)) {
    const declared = typesOfBranch(branch);
    if (declared === null) return null;
    for (const type of declared) types.add(type);
  }
  return types;
}

function typesOfBranch(branch: JsonSchema): JsonType[] | null {
  const type = branch['type'];
  if (typeof type === 'string') return expandType(type as JsonType);
  if (Array.isArray(type)) return (type as JsonType[]).flatMap(expandType);
  if ('const' in branch) return [jsonType(branch['const'])];
  if (Array.isArray(branch['enum'])) return (branch['enum'] as unknown[]).map(jsonType);
  return null;
}

function expandType(type: JsonType): JsonType[] {
  return type === 'number' ? ['number', 'integer'] : [type];
}

/** Whether a value of `type` could satisfy some branch of `schema` other than `branch`. */
export function otherBranchesAllow(schema: JsonSchema, branch: JsonSchema, type: JsonType) {
  return branchesOf(schema)
    .filter((other) => other !== branch)
    .some((other) => {
      const types = typesOfBranch(other);
      return types === null || types.includes(type);
    });
}

export function numberKeyword(schema: JsonSchema, keyword: string): number | undefined {
  const value = schema[keyword];
  return typeof value === 'number' ? value : undefined;
}

export function propertiesOf(schema: JsonSchema): Record<string, JsonSchema> {
  return (schema['properties'] ?? {}) as Record<string, JsonSchema>;
}

export function requiredOf(schema: JsonSchema): string[] {
  return (schema['required'] ?? []) as string[];
}

/** Length as JSON Schema counts it: in code points, not UTF-16 units. */
export function codePointLength(value: string): number {
  let length = 0;
  for (const _ of value) length++;
  return length;
}

/** The node's pattern, compiled as Ajv compiles it (with the `u` flag). */
export function patternOf(schema: JsonSchema): RegExp | undefined {
  const pattern = schema['pattern'];
  return typeof pattern === 'string' ? new RegExp(pattern, 'u') : undefined;
}
