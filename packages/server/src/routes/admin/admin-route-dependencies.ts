import type { Database, JobQueue } from '@tabline/database';
import type { Clock } from '@tabline/domain';
import { Problem } from '@tabline/protocol';
import type { PasswordCost } from '../../auth/password.ts';

export interface AdminRouteDependencies {
  readonly db: Database;
  readonly jobs: JobQueue;
  readonly clock: Clock;
  readonly newId: () => string;
  readonly passwordCost: PasswordCost;
}

/** Every admin route answers failures as RFC 9457 problems. */
export const PROBLEM_RESPONSES = { '4xx': Problem, '5xx': Problem };
