import { WorkItem } from '@tabline/protocol';
import { matchesSchema } from '../check-schema.ts';

/**
 * The work item a stored payload holds, or null if it does not hold one. A
 * payload that passed its checksum was written by the engine and always
 * parses; the check is there because salvage reads damaged files.
 */
export function parseWorkItem(payload: string): WorkItem | null {
  try {
    const value: unknown = JSON.parse(payload);
    return matchesSchema(WorkItem, value) ? value : null;
  } catch {
    return null;
  }
}
