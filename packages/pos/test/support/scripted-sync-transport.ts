/**
 * The one fake of the suite: the network edge. Tests queue the answers the
 * "server" gives, in order, inject failures, hold an answer back to keep a
 * request in flight, and read back every request made. A request with no
 * answer queued fails the test: nothing reaches the network unplanned.
 */
import { err, ok } from '@tabline/domain';
import type {
  ItemResult,
  PullQuery,
  PullResponse,
  PushRequest,
  PushResponse,
  WorkItem,
} from '@tabline/protocol';
import type { SyncTransport, TransportFailure, TransportResult } from '../../src/index.ts';

export type PushAnswer = (
  request: PushRequest,
) => TransportResult<PushResponse> | Promise<TransportResult<PushResponse>>;

export type PullAnswer = (
  query: PullQuery,
) => TransportResult<PullResponse> | Promise<TransportResult<PullResponse>>;

export class ScriptedSyncTransport implements SyncTransport {
  /** Every push, with its items as JSON text, to compare bytes. */
  readonly pushes: { readonly request: PushRequest; readonly itemsJson: string[] }[] = [];
  readonly pulls: PullQuery[] = [];
  pushesInFlight = 0;
  pushesInFlightMax = 0;
  readonly #pushAnswers: PushAnswer[] = [];
  readonly #pullAnswers: PullAnswer[] = [];

  answerPushes(...answers: PushAnswer[]): void {
    this.#pushAnswers.push(...answers);
  }

  answerPulls(...answers: PullAnswer[]): void {
    this.#pullAnswers.push(...answers);
  }

  /** Answers not used yet: a test that scripted more than happened left some. */
  get unusedAnswers(): number {
    return this.#pushAnswers.length + this.#pullAnswers.length;
  }

  async push(request: PushRequest): Promise<TransportResult<PushResponse>> {
    this.pushes.push({ request, itemsJson: request.items.map((item) => JSON.stringify(item)) });
    const answer = this.#pushAnswers.shift();
    if (answer === undefined) throw new Error('The test scripted no answer for this push.');
    this.pushesInFlight++;
    this.pushesInFlightMax = Math.max(this.pushesInFlightMax, this.pushesInFlight);
    try {
      return await answer(request);
    } finally {
      this.pushesInFlight--;
    }
  }

  async pull(query: PullQuery): Promise<TransportResult<PullResponse>> {
    this.pulls.push(query);
    const answer = this.#pullAnswers.shift();
    if (answer === undefined) throw new Error('The test scripted no answer for this pull.');
    return answer(query);
  }
}

export const SERVER_TIME = '2026-07-04T18:30:00.000Z';

/**
 * What the scripted server says of one item: accepted (an order with its
 * flags; a void or refund with what it took back, by default a refund's
 * amount and, for a void, `voidAmountCents` or 0), or rejected with a reason.
 */
type Verdict =
  | { readonly flags: string[]; readonly voidAmountCents?: number }
  | { readonly code: string; readonly message: string };

/** Answers each item as `decide` says: accepted (with flags) or rejected (with a reason). */
export function answerEach(decide: (item: WorkItem) => Verdict): PushAnswer {
  return (request) =>
    ok({
      results: request.items.map((item) => itemResult(item, decide(item))),
      serverTime: SERVER_TIME,
    });
}

function itemResult(item: WorkItem, verdict: Verdict): ItemResult {
  const base = { idempotencyKey: item.idempotencyKey, replayed: false };
  if ('code' in verdict) return { ...base, outcome: 'rejected', error: verdict };
  if (item.kind === 'order.adjust') {
    const { payload } = item;
    const amountCents =
      payload.kind === 'refund' ? payload.amountCents : (verdict.voidAmountCents ?? 0);
    const adjustment = {
      adjustmentId: payload.adjustmentId,
      orderId: payload.orderId,
      kind: payload.kind,
      amountCents,
      receivedAt: SERVER_TIME,
    };
    return { ...base, outcome: 'accepted', adjustment };
  }
  const order = { orderId: item.payload.orderId, receivedAt: SERVER_TIME, flags: verdict.flags };
  return { ...base, outcome: 'accepted', order };
}

/** The server records every item. */
export const acceptAll: PushAnswer = answerEach(() => ({ flags: [] }));

/** No usable answer: the network failed, timed out, or the server erred. */
export function failWith(failure: TransportFailure): PushAnswer & PullAnswer {
  return () => err(failure);
}

export const NETWORK_DOWN: TransportFailure = {
  kind: 'network',
  message: 'fetch failed: ECONNREFUSED',
};

/** A 2xx answer holding whatever the test says, malformed on purpose. */
export function respondWith(body: unknown): PushAnswer & PullAnswer {
  return () => ok(body as PushResponse & PullResponse);
}

export function pageAnswer(page: PullResponse): PullAnswer {
  return () => ok(page);
}

/**
 * An answer held back until the test releases it, to keep a request in
 * flight. `arrived` resolves once the request reached the transport.
 */
export function holdAnswer(answer: PushAnswer): {
  readonly answer: PushAnswer;
  readonly arrived: Promise<void>;
  release(): void;
} {
  const arrival = Promise.withResolvers<void>();
  const gate = Promise.withResolvers<void>();
  return {
    answer: async (request) => {
      arrival.resolve();
      await gate.promise;
      return answer(request);
    },
    arrived: arrival.promise,
    release: () => gate.resolve(),
  };
}
