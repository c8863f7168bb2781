/**
 * The sync engine's push: drains the outbox, oldest first, in batches.
 *
 * Each batch goes through these steps, and each has one way out:
 *   read    the head of the outbox, cut to the count and byte limits;
 *   send    one push with the stored JSON of each item;
 *   check   the answer (schema, one result per item, same keys, same orders
 *           and adjustments);
 *   apply   it in one transaction: accepted items leave the outbox and
 *           their orders are synced (their voids and refunds confirmed),
 *           rejected ones are parked;
 * or, when there is no usable answer, `record` the attempt on each item
 * (which stays queued) and stop. The engine never throws for an operating
 * error: it reports it.
 */
import type { Heartbeat } from '@tabline/protocol';
import { assertNever } from '../assert-never.ts';
import { catchStorageFailure } from '../catch-storage-failure.ts';
import type { ResolvedPosEngineOptions } from '../pos-engine-options.ts';
import { applyPushResults } from '../store/apply-push-results.ts';
import { countQueued } from '../store/count-queued.ts';
import type { PushCandidate } from '../store/read-push-candidates.ts';
import { readPushCandidates } from '../store/read-push-candidates.ts';
import { readQueuedSince } from '../store/read-queued-since.ts';
import { recordContact } from '../store/record-contact.ts';
import { recordPushFailure } from '../store/record-push-failure.ts';
import { buildPushRequest } from './build-push-request.ts';
import { checkPushResponse } from './check-push-response.ts';
import { cutPushBatch } from './cut-push-batch.ts';
import type { SyncContext } from './sync-context.ts';
import type { SyncError, SyncReport } from './sync-report.ts';
import { CALLER_ABORTED_ERROR, ENGINE_CLOSED_ERROR, storageSyncError } from './sync-report.ts';

/** How one batch ended. */
type BatchOutcome =
  | { readonly kind: 'answered'; readonly accepted: number; readonly rejected: number }
  | { readonly kind: 'stopped'; readonly error: SyncError };

interface Tally {
  requests: number;
  pushed: number;
  accepted: number;
  rejected: number;
}

export async function pushOutbox(context: SyncContext): Promise<SyncReport> {
  const tally: Tally = { requests: 0, pushed: 0, accepted: 0, rejected: 0 };
  const error = await drainOutbox(context, tally);
  return { ...tally, remaining: readRemaining(context), error };
}

async function drainOutbox(context: SyncContext, tally: Tally): Promise<SyncError | null> {
  const { options } = context;
  const start = catchStorageFailure(() => readQueuedSince(options.db, 0));
  if (!start.ok) return storageSyncError(start.error);
  // The heartbeat's figures, kept up to date batch by batch without reading
  // the whole outbox again (it may hold 100,000 items). Orders taken while
  // the sync runs join the figures when their batch comes up: without that,
  // a long sync subtracted items it never counted and reported a negative
  // backlog, which the server refuses (found by the simulator). Reading
  // them is a range of the outbox's key: the new items only.
  const backlog = { ...start.value };
  for (let batches = 0; batches < options.pushBatchesPerSyncMax; batches++) {
    if (context.signal.aborted) return CALLER_ABORTED_ERROR;
    const batch = catchStorageFailure(() => readBatch(options));
    if (!batch.ok) return storageSyncError(batch.error);
    if (batch.value.length === 0) {
      return batches === 0
        ? sendHeartbeat(context, tally, heartbeat(options, backlog, null))
        : null;
    }
    const counted = catchStorageFailure(() => countQueuedSince(options.db, backlog));
    if (!counted.ok) return storageSyncError(counted.error);
    tally.requests += 1;
    tally.pushed += batch.value.length;
    const outcome = await pushBatch(
      context,
      batch.value,
      heartbeat(options, backlog, batch.value[0]!),
    );
    switch (outcome.kind) {
      case 'answered':
        tally.accepted += outcome.accepted;
        tally.rejected += outcome.rejected;
        backlog.count -= batch.value.length;
        backlog.amountCents -= batch.value.reduce((sum, item) => sum + item.amountCents, 0);
        break;
      case 'stopped':
        return outcome.error;
      default:
        assertNever(outcome, 'batch outcome');
    }
  }
  return null;
}

/** Adds the items queued since the figures were last brought up to date. */
function countQueuedSince(
  db: ResolvedPosEngineOptions['db'],
  backlog: { count: number; amountCents: number; lastSeq: number },
) {
  const since = readQueuedSince(db, backlog.lastSeq);
  backlog.count += since.count;
  backlog.amountCents += since.amountCents;
  backlog.lastSeq = since.lastSeq;
}

function readBatch(options: ResolvedPosEngineOptions): PushCandidate[] {
  const candidates = readPushCandidates(options.db, options.pushItemsMax);
  return cutPushBatch(candidates, options.pushBytesMax);
}

/**
 * What the device says about itself with each push. The oldest queued item
 * is the head of the FIFO: the first of the batch.
 */
function heartbeat(
  options: ResolvedPosEngineOptions,
  backlog: { count: number; amountCents: number },
  oldest: PushCandidate | null,
): Heartbeat {
  const now = options.clock.now();
  return {
    appVersion: options.appVersion,
    deviceTime: new Date(now).toISOString(),
    backlogCount: backlog.count,
    amountAtRiskCents: backlog.amountCents,
    oldestQueuedAgeMs: oldest === null ? null : Math.max(0, now - oldest.createdAt),
  };
}

/** Nothing queued: report in all the same, so the fleet view knows this device is alive. */
async function sendHeartbeat(
  context: SyncContext,
  tally: Tally,
  beat: Heartbeat,
): Promise<SyncError | null> {
  const { db, transport, clock } = context.options;
  tally.requests += 1;
  const answer = await transport.push({ items: [], heartbeat: beat }, context.signal);
  if (context.isClosed()) return ENGINE_CLOSED_ERROR;
  const checked = answer.ok ? checkPushResponse([], answer.value) : answer;
  if (!checked.ok) {
    const recorded = catchStorageFailure(() =>
      recordPushFailure(db, [], checked.error, clock.now()),
    );
    return recorded.ok ? checked.error : storageSyncError(recorded.error);
  }
  const recorded = catchStorageFailure(() => recordContact(db, clock.now()));
  return recorded.ok ? null : storageSyncError(recorded.error);
}

async function pushBatch(
  context: SyncContext,
  batch: readonly PushCandidate[],
  beat: Heartbeat,
): Promise<BatchOutcome> {
  const { db, transport, clock } = context.options;
  const request = buildPushRequest(batch, beat);
  const answer = await transport.push(request, context.signal);
  if (context.isClosed()) return { kind: 'stopped', error: ENGINE_CLOSED_ERROR };
  const checked = answer.ok ? checkPushResponse(request.items, answer.value) : answer;
  const now = clock.now();
  if (!checked.ok) {
    const recorded = catchStorageFailure(() => recordPushFailure(db, batch, checked.error, now));
    const error = recorded.ok ? checked.error : storageSyncError(recorded.error);
    return { kind: 'stopped', error };
  }
  const applied = catchStorageFailure(() => applyPushResults(db, batch, checked.value, now));
  if (!applied.ok) return { kind: 'stopped', error: storageSyncError(applied.error) };
  context.options.journal.acknowledge(batch.map((candidate) => candidate.seq));
  return { kind: 'answered', ...applied.value };
}

function readRemaining(context: SyncContext): number | null {
  if (context.isClosed()) return null;
  const remaining = catchStorageFailure(() => countQueued(context.options.db));
  return remaining.ok ? remaining.value : null;
}
