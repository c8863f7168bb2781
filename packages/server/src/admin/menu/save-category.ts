import type { SqlClient } from '@tabline/database';
import type {
  CategoryDetails,
  CreateCategoryRequest,
  UpdateCategoryRequest,
} from '@tabline/protocol';
import { ProblemError } from '../../problem-error.ts';
import { lockEventCatalog } from '../lock-event-catalog.ts';
import { upsertCategory } from '../upsert-category.ts';

export type CategoryChange =
  | { readonly kind: 'create'; readonly request: CreateCategoryRequest }
  | { readonly kind: 'update'; readonly request: UpdateCategoryRequest };

/**
 * Creates or changes (renames, moves, archives, restores) a category. No two
 * active categories of an event share a name, compared without regard to
 * case. Devices get the change with their next pull; a change that changes
 * nothing is not sent to them. Runs inside the caller's transaction.
 */
export async function saveCategory(
  tx: SqlClient,
  target: { id: string; eventId: string },
  change: CategoryChange,
): Promise<CategoryDetails> {
  await lockEventCatalog(tx, target.eventId);
  let current: CategoryDetails = { id: target.id, name: '', position: 0, active: true };
  if (change.kind === 'update') {
    const { rows } = await tx.query<CategoryDetails>(
      'select id, name, position, active from categories where id = $1 and event_id = $2',
      [target.id, target.eventId],
    );
    if (!rows[0]) throw new ProblemError('resource.not_found', 'No such category.');
    current = rows[0];
  }
  const { request } = change;
  const next: CategoryDetails = {
    id: target.id,
    name: request.name?.trim() ?? current.name,
    position: request.position ?? current.position,
    active: 'active' in request ? (request.active ?? current.active) : current.active,
  };
  if (next.active) {
    const { rowCount } = await tx.query(
      `select 1 from categories
       where event_id = $1 and active and lower(name) = lower($2) and id <> $3`,
      [target.eventId, next.name, target.id],
    );
    if (rowCount > 0) {
      throw new ProblemError(
        'category.name_taken',
        `An active category is already named ${JSON.stringify(next.name)}.`,
      );
    }
  }
  await upsertCategory(tx, { ...next, eventId: target.eventId });
  return next;
}
