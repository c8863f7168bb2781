import { createHash } from 'node:crypto';

/**
 * The fingerprint of a work item, to tell a retry (same key, same content)
 * from a key reused for something else. Keys are sorted at every level, so
 * the same content always gives the same hash whatever order its fields came
 * in.
 */
export function requestHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/**
 * JSON with the keys of every object in sorted order: JSON.stringify of a
 * copy whose keys were inserted sorted, which takes two thirds of the time
 * of writing it piece by piece. A plain object cannot hold two kinds of key
 * in the order they were inserted: integer-like keys ("7"), which it lists
 * first, and `__proto__`, which sets its prototype. A value holding one is
 * written piece by piece; either way the text is the same.
 */
function canonicalJson(value: unknown): string {
  const sorted = sortedCopy(value);
  return sorted === UNORDERED_KEY ? writeSorted(value) : JSON.stringify(sorted);
}

const UNORDERED_KEY = Symbol('a key a plain object does not keep in order');
const INTEGER_LIKE = /^(?:0|[1-9][0-9]*)$/;

function sortedCopy(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    for (const item of value) {
      const sorted = sortedCopy(item);
      if (sorted === UNORDERED_KEY) return UNORDERED_KEY;
      copy.push(sorted);
    }
    return copy;
  }
  const record = value as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(record).sort()) {
    if (key === '__proto__' || INTEGER_LIKE.test(key)) {
      return UNORDERED_KEY;
    }
    const sorted = sortedCopy(record[key]);
    if (sorted === UNORDERED_KEY) return UNORDERED_KEY;
    copy[key] = sorted;
  }
  return copy;
}

function writeSorted(value: unknown): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let index = 0; index < value.length; index++) {
      out += (index === 0 ? '' : ',') + writeSorted(value[index]);
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  let out = '{';
  let first = true;
  for (const key of Object.keys(record).sort()) {
    const field = record[key];
    if (field === undefined) continue;
    out += `${first ? '' : ','}${JSON.stringify(key)}:${writeSorted(field)}`;
    first = false;
  }
  return `${out}}`;
}
