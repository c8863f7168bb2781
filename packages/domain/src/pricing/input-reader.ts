/**
 * Small readers for untrusted input, such as a promotion an organiser sends.
 * Each takes a value and its path (a JSON Pointer, `/benefit/basisPoints`),
 * returns the value when it is valid, and otherwise records a problem and
 * returns undefined. Reading goes on after a problem, so one answer lists
 * every bad field; a list reports only its first bad element, which keeps the
 * number of problems bounded by the number of fields.
 */
export interface InputProblem {
  /** A JSON Pointer to the bad value; `/` is the whole input. */
  readonly path: string;
  readonly message: string;
}

export type Problems = InputProblem[];

export function report(problems: Problems, path: string, message: string): undefined {
  problems.push({ path: path === '' ? '/' : path, message });
  return undefined;
}

export function readRecord(
  value: unknown,
  path: string,
  problems: Problems,
): Readonly<Record<string, unknown>> | undefined {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return value as Readonly<Record<string, unknown>>;
  }
  return report(problems, path, 'must be an object');
}

export function readInteger(
  value: unknown,
  path: string,
  problems: Problems,
  range: { readonly min: number; readonly max: number },
): number | undefined {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    return report(problems, path, 'must be a whole number');
  }
  if (value < range.min || value > range.max) {
    return report(problems, path, `must be from ${range.min} to ${range.max}`);
  }
  return value;
}

export function readBoolean(value: unknown, path: string, problems: Problems) {
  if (typeof value === 'boolean') return value;
  return report(problems, path, 'must be true or false');
}

export function readString(
  value: unknown,
  path: string,
  problems: Problems,
  rule: { readonly lengthMax: number; readonly pattern?: RegExp },
): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') {
    return report(problems, path, 'must be a non-empty string');
  }
  if (value.length > rule.lengthMax) {
    return report(problems, path, `must be at most ${rule.lengthMax} characters`);
  }
  if (rule.pattern !== undefined && !rule.pattern.test(value)) {
    return report(problems, path, `must match ${String(rule.pattern)}`);
  }
  return value;
}

export function readOneOf<T extends string>(
  value: unknown,
  path: string,
  problems: Problems,
  options: readonly T[],
): T | undefined {
  if (options.includes(value as T)) return value as T;
  return report(problems, path, `must be one of ${options.map((o) => `'${o}'`).join(', ')}`);
}

/** `null` stays null; anything else must pass `read`. A missing value is a problem, not null. */
export function readNullable<T>(
  value: unknown,
  path: string,
  problems: Problems,
  read: (value: unknown, path: string, problems: Problems) => T | undefined,
): T | null | undefined {
  if (value === null) return null;
  if (value === undefined) return report(problems, path, 'is required (null if none)');
  return read(value, path, problems);
}

/**
 * A non-empty list of at most `lengthMax` items, each passing `readItem`,
 * optionally with no item twice. An empty list is refused: "none" and
 * "everyone" are spelt null, so that an empty list never means either by accident.
 */
export function readList<T>(
  value: unknown,
  path: string,
  problems: Problems,
  rule: { readonly lengthMax: number; readonly unique: boolean },
  readItem: (value: unknown, path: string, problems: Problems) => T | undefined,
): T[] | undefined {
  if (!Array.isArray(value) || value.length === 0) {
    return report(problems, path, 'must be a non-empty list');
  }
  if (value.length > rule.lengthMax) {
    return report(problems, path, `must hold at most ${rule.lengthMax} items`);
  }
  const items: T[] = [];
  const seen = new Set<T>();
  for (const [index, raw] of (value as unknown[]).entries()) {
    const item = readItem(raw, `${path}/${index}`, problems);
    if (item === undefined) return undefined;
    if (rule.unique && seen.has(item)) {
      return report(problems, `${path}/${index}`, 'is in the list twice');
    }
    items.push(item);
    seen.add(item);
  }
  return items;
}

/**
 * The object itself once every field was read successfully, else undefined.
 * Readers return undefined only after reporting a problem, so this is the one
 * place where a record of checked fields becomes the checked type.
 */
export function allRead<T extends object>(fields: { readonly [K in keyof T]: T[K] | undefined }) {
  for (const value of Object.values(fields)) if (value === undefined) return undefined;
  return fields as T;
}
