/**
 * The sync engine's push: drains the outbox, oldest first, in batches.
 *
 * Each batch goes through these steps, and each has one way out:
 *   read    the next items of the outbox, cut to the count and byte limits;
 *   send    one push with the stored JSON of each item;
 *   check   the answer (schema, one result per item, same keys, same orders
 *           and adjustments);
 *   apply   it in one transaction: accepted items leave the outbox and
 *           their orders are synced (their voids and refunds confirmed),
 *           rejected ones are parked;
 * or, when there is no usable answer, `record` the attempt on each item
 * (which stays queued) and stop. The engine never throws for an operating
 * error: it reports it.
 *
 * The batches are pipelined, one push in flight at a time: once a batch's
 * answer has been checked, the batch behind it (the items after its last
 * seq) is read and sent, and the answer is applied while the server works on
 * that push. The server has committed a batch before it sees the next, so it
 * still receives every item in device order. If applying fails, the push in
 * flight is waited for and its answer dropped: both batches stay queued and
 * are answered as replays the next time.
 */
import type { Heartbeat, ItemResult, PushRequest } from '@tabline/protocol';
import { catchStorageFailure } from '../catch-storage-failure.ts';
import type { ResolvedPosEngineOptions } from '../pos-engine-options.ts';
import { applyPushResults } from '../store/apply-push-results.ts';
import { countQueued } from '../store/count-queued.ts';
import type { PushCandidate } from '../store/read-push-candidates.ts';
import { readPushCandidates } from '../store/read-push-candidates.ts';
import { readQueuedSince } from '../store/read-queued-since.ts';
import { recordContact } from '../store/record-contact.ts';
import { recordPushFailure } from '../store/record-push-failure.ts';
import type { TransportResult } from '../sync-transport.ts';
import { buildPushRequest } from './build-push-request.ts';
import { checkPushResponse } from './check-push-response.ts';
import { cutPushBatch } from './cut-push-batch.ts';
import type { SyncContext } from './sync-context.ts';
import type { SyncError, SyncReport } from './sync-report.ts';
import { CALLER_ABORTED_ERROR, ENGINE_CLOSED_ERROR, storageSyncError } from './sync-report.ts';

interface Tally {
  requests: number;
  pushed: number;
  accepted: number;
  rejected: number;
}

/** The heartbeat's figures, kept up to date batch by batch: see `drainOutbox`. */
interface Backlog {
  count: number;
  amountCents: number;
  lastSeq: number;
}

/** A batch sent, and the answer to come. */
interface InFlight {
  readonly batch: readonly PushCandidate[];
  readonly request: PushRequest;
  readonly answer: Promise<TransportResult<unknown>>;
}

export async function pushOutbox(context: SyncContext): Promise<SyncReport> {
  const tally: Tally = { requests: 0, pushed: 0, accepted: 0, rejected: 0 };
  const error = await drainOutbox(context, tally);
  return { ...tally, remaining: readRemaining(context), error };
}

async function drainOutbox(context: SyncContext, tally: Tally): Promise<SyncError | null> {
  const { options, signal } = context;
  if (signal.aborted) return CALLER_ABORTED_ERROR;
  const start = catchStorageFailure(() => readQueuedSince(options.db, 0));
  if (!start.ok) return storageSyncError(start.error);
  // The heartbeat's figures, kept up to date batch by batch without reading
  // the whole outbox again (it may hold 100,000 items). Orders taken while
  // the sync runs join the figures when their batch comes up: without that,
  // a long sync subtracted items it never counted and reported a negative
  // backlog, which the server refuses (found by the simulator). Reading
  // them is a range of the outbox's key: the new items only.
  const backlog: Backlog = { ...start.value };
  const first = catchStorageFailure(() => readBatch(options, backlog, 0));
  if (!first.ok) return storageSyncError(first.error);
  if (first.value.length === 0) {
    return sendHeartbeat(context, tally, heartbeat(options, backlog, null));
  }
  let current = send(context, tally, backlog, first.value);
  for (let sent = 1; ; sent++) {
    const answer = await current.answer;
    if (context.isClosed()) return ENGINE_CLOSED_ERROR;
    const checked = answer.ok ? checkPushResponse(current.request.items, answer.value) : answer;
    if (!checked.ok) return recordFailure(options, current.batch, checked.error);
    // The server holds the batch now: the next heartbeat counts it as sent.
    backlog.count -= current.batch.length;
    backlog.amountCents -= current.batch.reduce((sum, item) => sum + item.amountCents, 0);
    let next: InFlight | null = null;
    let stop: SyncError | null = null;
    if (signal.aborted) stop = CALLER_ABORTED_ERROR;
    else if (sent < options.pushBatchesPerSyncMax) {
      const afterSeq = current.batch.at(-1)!.seq;
      const read = catchStorageFailure(() => readBatch(options, backlog, afterSeq));
      if (!read.ok) stop = storageSyncError(read.error);
      else if (read.value.length > 0) {
        next = send(context, tally, backlog, read.value);
        await letRequestGoOut();
      }
    }
    const applied = context.isClosed()
      ? ENGINE_CLOSED_ERROR
      : applyAnswer(options, tally, current.batch, checked.value);
    if (applied !== null) {
      // Nothing more is applied: wait for the push in flight, so that a
      // sync that has returned leaves none behind, and drop its answer.
      if (next !== null) await next.answer;
      return applied;
    }
    if (next === null) return stop;
    current = next;
  }
}

/**
 * The next batch after `afterSeq`, and the items queued since the figures
 * were last brought up to date added to them.
 */
function readBatch(
  options: ResolvedPosEngineOptions,
  backlog: Backlog,
  afterSeq: number,
): PushCandidate[] {
  const candidates = readPushCandidates(options.db, options.pushItemsMax, afterSeq);
  const batch = cutPushBatch(candidates, options.pushBytesMax);
  if (batch.length > 0) {
    const since = readQueuedSince(options.db, backlog.lastSeq);
    backlog.count += since.count;
    backlog.amountCents += since.amountCents;
    backlog.lastSeq = since.lastSeq;
  }
  return batch;
}

function send(
  context: SyncContext,
  tally: Tally,
  backlog: Backlog,
  batch: readonly PushCandidate[],
): InFlight {
  tally.requests += 1;
  tally.pushed += batch.length;
  const request = buildPushRequest(batch, heartbeat(context.options, backlog, batch[0]!));
  const answer = context.options.transport.push(request, context.signal);
  // A transport that rejects has a bug, and its error must come out of
  // `sync()` where the answer is awaited: not as an unhandled rejection while
  // the answer before it is applied.
  answer.catch(() => {});
  return { batch, request, answer };
}

/**
 * One turn of the platform's event loop, in which `fetch` puts the request
 * just made on the wire: applying an answer is synchronous, and without this
 * the next push would only leave once it was done, so the server would wait
 * for the device again. A platform timer, not the engine's scheduler: this
 * waits for I/O, not for time, and must not stall under a scheduler a test
 * moves by hand.
 */
function letRequestGoOut(): Promise<void> {
  return new Promise((resolve) => globalThis.setTimeout(resolve, 0));
}

/** Applies a checked answer; answers null, or why the sync must stop. */
function applyAnswer(
  options: ResolvedPosEngineOptions,
  tally: Tally,
  batch: readonly PushCandidate[],
  results: readonly ItemResult[],
): SyncError | null {
  const applied = catchStorageFailure(() =>
    applyPushResults(options.db, batch, results, options.clock.now()),
  );
  if (!applied.ok) return storageSyncError(applied.error);
  options.journal.acknowledge(batch.map((candidate) => candidate.seq));
  tally.accepted += applied.value.accepted;
  tally.rejected += applied.value.rejected;
  return null;
}

/** No usable answer: the attempt is recorded on each item of the batch, which stays queued. */
function recordFailure(
  options: ResolvedPosEngineOptions,
  batch: readonly PushCandidate[],
  error: SyncError,
): SyncError {
  const { db, clock } = options;
  const recorded = catchStorageFailure(() => recordPushFailure(db, batch, error, clock.now()));
  return recorded.ok ? error : storageSyncError(recorded.error);
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
  if (!checked.ok) return recordFailure(context.options, [], checked.error);
  const recorded = catchStorageFailure(() => recordContact(db, clock.now()));
  return recorded.ok ? null : storageSyncError(recorded.error);
}

function readRemaining(context: SyncContext): number | null {
  if (context.isClosed()) return null;
  const remaining = catchStorageFailure(() => countQueued(context.options.db));
  return remaining.ok ? remaining.value : null;
}
