import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { ProblemError } from './problem-error.ts';

/**
 * A preValidation hook that refuses text the database cannot hold as it was
 * sent, wherever it is (body, query, path), before the schemas are checked:
 *
 * - a NUL character: PostgreSQL's text and jsonb cannot store it, so a name
 *   or an email holding one would fail in the middle of a transaction, as a
 *   500, instead of being refused as malformed;
 * - a lone UTF-16 surrogate (`"\ud800"` in JSON): not Unicode (I-JSON, RFC
 *   7493, forbids it); the driver would silently store U+FFFD in its place,
 *   so what was stored would not be what was sent.
 *
 * JSON is walked without recursion: a body nested a million deep is walked
 * like a flat one.
 */
export function rejectUnstorableText(
  request: FastifyRequest,
  _reply: FastifyReply,
  done: HookHandlerDoneFunction,
): void {
  const parts = [
    ['body', request.body],
    ['querystring', request.query],
    ['params', request.params],
  ] as const;
  for (const [part, value] of parts) {
    const path = findUnstorableText(value);
    if (path !== null) {
      const message = 'holds a NUL character or a lone surrogate, which cannot be stored';
      done(
        new ProblemError('request.invalid', `${part}${path} ${message}.`, {
          // As schema errors are reported: a JSON pointer into the body, or the part's name.
          errors: [{ path: part === 'body' ? path : `${part}${path}`, message }],
        }),
      );
      return;
    }
  }
  done();
}

/**
 * A JSON pointer to the first unstorable string (or property name) in `value`, or null.
 * Every push passes through here, so the common case (nothing to find) is a
 * walk that builds no paths; only a value that holds such text is walked
 * again for where.
 */
export function findUnstorableText(value: unknown): string | null {
  return holdsUnstorableText(value) ? pointerToUnstorableText(value) : null;
}

function holdsUnstorableText(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const node = pending.pop();
    if (typeof node === 'string') {
      if (!isStorableText(node)) return true;
    } else if (Array.isArray(node)) {
      for (const item of node) pending.push(item);
    } else if (node !== null && typeof node === 'object') {
      for (const key in node) {
        if (!Object.hasOwn(node, key)) continue;
        if (!isStorableText(key)) return true;
        pending.push((node as Record<string, unknown>)[key]);
      }
    }
  }
  return false;
}

function pointerToUnstorableText(value: unknown): string | null {
  const pending: [unknown, string][] = [[value, '']];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [node, path] = next;
    if (typeof node === 'string') {
      if (!isStorableText(node)) return path || '/';
    } else if (Array.isArray(node)) {
      node.forEach((item, index) => pending.push([item, `${path}/${index}`]));
    } else if (node !== null && typeof node === 'object') {
      for (const [key, item] of Object.entries(node)) {
        if (!isStorableText(key)) return `${path}/${key}`;
        pending.push([item, `${path}/${key}`]);
      }
    }
  }
  return null;
}

function isStorableText(text: string): boolean {
  return !text.includes('\u0000') && text.isWellFormed();
}
