import type { Database } from '@tabline/database';
import { Problem } from '@tabline/protocol';
import type { PasswordCost } from '../../auth/password.ts';

export interface AdminRouteDependencies {
  readonly db: Database;
  readonly newId: () => string;
  readonly passwordCost: PasswordCost;
}

/** Every admin route answers failures as RFC 9457 problems. */
export const PROBLEM_RESPONSES = { '4xx': Problem, '5xx': Problem };
