import { readFileSync } from 'node:fs';
import { ERROR_CODES, isErrorCode } from '@tabline/domain';

/** An answer as the API tests read it. */
export interface ApiAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

const ERRORS_DOC = readFileSync(new URL('../../../../docs/ERRORS.md', import.meta.url), 'utf8');

/**
 * What is wrong with `answer` as an RFC 9457 problem with a documented code
 * (the table in `error-codes.ts`, which docs/ERRORS.md lists), or an empty
 * list when nothing is: the media type, the code, and the status the table
 * gives the code, in the body and on the response.
 */
export function problemFaults(answer: ApiAnswer): string[] {
  const faults: string[] = [];
  if (!answer.contentType.startsWith('application/problem+json')) {
    faults.push(`content type ${JSON.stringify(answer.contentType)}, not application/problem+json`);
  }
  let body: { code?: unknown; status?: unknown };
  try {
    body = JSON.parse(answer.body) as typeof body;
  } catch {
    return [...faults, `body is not JSON: ${answer.body.slice(0, 200)}`];
  }
  const code = body.code;
  if (typeof code !== 'string' || !isErrorCode(code)) {
    return [...faults, `code ${JSON.stringify(code)} is not in the error-code table`];
  }
  if (!ERRORS_DOC.includes(`\`${code}\``)) faults.push(`code ${code} is not in docs/ERRORS.md`);
  const documented = ERROR_CODES[code].httpStatus;
  if (answer.status !== documented) {
    faults.push(`status ${answer.status}, but ${code} is documented as ${documented}`);
  }
  if (body.status !== answer.status) faults.push(`body status ${String(body.status)}`);
  return faults;
}
