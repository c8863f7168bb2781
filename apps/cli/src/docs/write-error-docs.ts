import { writeFile } from 'node:fs/promises';
import { renderErrorCodes } from './render-error-codes.ts';

const target = new URL('../../../../docs/ERRORS.md', import.meta.url);
await writeFile(target, renderErrorCodes());
console.log(`Wrote ${target.pathname}`);
