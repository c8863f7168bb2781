import Type from 'typebox';
import type { Static } from 'typebox';

/**
 * An error answer to a whole request, as RFC 9457 problem details
 * (`application/problem+json`). `code` is one of the codes in docs/ERRORS.md;
 * `type` points at its entry.
 */
export const Problem = Type.Object({
  type: Type.String(),
  title: Type.String(),
  status: Type.Integer(),
  code: Type.String(),
  detail: Type.Optional(Type.String()),
  errors: Type.Optional(
    Type.Array(Type.Object({ path: Type.String(), message: Type.String() }), { maxItems: 20 }),
  ),
});
export type Problem = Static<typeof Problem>;

export const problemType = (code: string): string => `/problems/${code}`;
