/**
 * The `deferCommitMs` fault's journal (testing only; see `PosEngineFaults`).
 * The journal must not hold work the database has not committed: a journaled
 * order the database lost is given back at the next open (`recovery/`), and
 * the fault is there to lose it. So the records written per work item and
 * per sync (queued, acknowledged, commit) are not written at all, and a
 * rewrite (compaction, a reset) commits the held work first, so the journal
 * never runs ahead of the database. The journal thus stays behind the
 * database, which is the state a crash between a commit and its append
 * leaves: the next open journals what it lacks.
 */
import type { WorkItemJournal } from '../journal/work-item-journal.ts';

export function createDeferredJournal(
  journal: WorkItemJournal,
  commitNow: () => void,
): WorkItemJournal {
  return {
    location: journal.location,
    scan: (visit) => journal.scan(visit),
    appendQueued: () => {},
    acknowledge: () => {},
    noteCommit: () => {},
    rewrite(checkpoint, queued) {
      commitNow();
      journal.rewrite(checkpoint, queued);
    },
    recordsSinceCheckpoint: () => journal.recordsSinceCheckpoint(),
    lastError: () => journal.lastError(),
    close: () => journal.close(),
  };
}
