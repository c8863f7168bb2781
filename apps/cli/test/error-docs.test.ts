import { readFile } from 'node:fs/promises';
import { format } from 'prettier';
import { expect, it } from 'vitest';
import { renderErrorCodes } from '../src/docs/render-error-codes.ts';

it('docs/ERRORS.md lists exactly the error codes the code has (npm run docs:errors)', async () => {
  const committed = await readFile(new URL('../../../docs/ERRORS.md', import.meta.url), 'utf8');
  expect(committed).toBe(
    await format(renderErrorCodes(), { parser: 'markdown', proseWrap: 'preserve' }),
  );
});
