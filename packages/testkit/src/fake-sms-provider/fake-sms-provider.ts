/**
 * A fake SMS provider that speaks Twilio's Messages API (REST API v2010) on a
 * real HTTP server on loopback, for tests, the simulator and the local demo.
 * It checks credentials and parameters as Twilio does, answers with Twilio's
 * resources and error bodies, moves each message through queued → sent →
 * delivered with signed status callbacks, records everything it sees, and
 * misbehaves on demand (see `fake-sms-switches.ts`). Replies to its number
 * (`receiveReply`) go to the incoming message URL as Twilio's signed webhook,
 * and STOP unsubscribes. A control API under `/_fake/` offers the same
 * inspection and switches over HTTP.
 */
import { EventEmitter } from 'node:events';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { assert } from '@tabline/domain';
import type { Result } from '@tabline/domain';
import { onPipelineFailure, handleApiRequest } from './handle-api-request.ts';
import type { ApiPipeline } from './handle-api-request.ts';
import { settleExchange } from './api-exchange.ts';
import type { ApiExchange } from './api-exchange.ts';
import { CONTROL_PATH_PREFIX, handleControlRequest } from './control-api.ts';
import type { ControlTarget } from './control-api.ts';
import { resolveFakeSmsProviderOptions } from './fake-sms-provider-options.ts';
import type {
  FakeSmsProviderOptions,
  ResolvedFakeSmsProviderOptions,
} from './fake-sms-provider-options.ts';
import { parseFakeSmsReply } from './fake-sms-reply.ts';
import type { FakeSmsReply } from './fake-sms-reply.ts';
import { createFakeSmsStore, snapshotMessage } from './fake-sms-store.ts';
import type { FakeSmsStore, StoredMessage } from './fake-sms-store.ts';
import { DEFAULT_FAKE_SMS_SWITCHES, parseFakeSmsSwitchesPatch } from './fake-sms-switches.ts';
import type { FakeSmsMode, FakeSmsSwitches, FakeSmsSwitchesPatch } from './fake-sms-switches.ts';
import { createHungRequests } from './hung-requests.ts';
import type { HungRequests } from './hung-requests.ts';
import { createMessageLifecycle } from './message-lifecycle.ts';
import type { MessageLifecycle } from './message-lifecycle.ts';
import { parseUnsubscribedNumbers } from './parse-unsubscribed-numbers.ts';
import { receiveReply } from './receive-reply.ts';
import type { RecordedMessage, RecordedStatusCallback } from './recorded-message.ts';
import type { RecordedReply } from './recorded-reply.ts';
import type { RecordedRequest } from './recorded-request.ts';
import { newTwilioSid } from './twilio-sid.ts';
import { isValidWebhookUrl } from './webhook-url.ts';

/** Events, so tests await what happens instead of sleeping. */
export interface FakeSmsProviderEvents {
  /** A request to the Twilio API settled (answered, reset, dropped or closed). */
  request: [RecordedRequest];
  /** A request was parked by the `hang` mode. */
  hung: [RecordedRequest];
  /** A message was accepted (status `queued`). */
  message: [RecordedMessage];
  /** A message moved to `sent` or `delivered`. */
  status: [RecordedMessage];
  /** A status callback was attempted; see its `httpStatus` and `error`. */
  callback: [RecordedStatusCallback];
  /** A reply was received, acted on and forwarded (or not: see its `url`). */
  reply: [RecordedReply];
}

export interface FakeSmsProvider {
  /** Base URL, like `http://127.0.0.1:40123`; Twilio's paths go after it. */
  readonly url: string;
  readonly accountSid: string;
  readonly authToken: string;
  readonly events: EventEmitter<FakeSmsProviderEvents>;
  messages(): readonly RecordedMessage[];
  requests(): readonly RecordedRequest[];
  switches(): FakeSmsSwitches;
  /** Changes some switches now; throws on an invalid value (a bug in the caller). */
  setSwitches(patch: FakeSmsSwitchesPatch): void;
  /** The numbers that replied STOP (E.164); sends to them answer 21610. */
  unsubscribed(): readonly string[];
  /** Replaces the numbers that replied STOP (E.164). */
  setUnsubscribed(numbers: readonly string[]): void;
  /** Where replies are POSTed; null for nowhere. Throws on an invalid URL. */
  setIncomingMessageUrl(url: string | null): void;
  /**
   * A text from `reply.from` to the fake's number: a STOP (or START) keyword
   * changes the unsubscribed list, then the message is POSTed, signed, to the
   * incoming message URL. Resolves once the webhook answered or failed, with
   * its `httpStatus`. Throws on an invalid reply (a bug in the caller).
   */
  receiveReply(reply: FakeSmsReply): Promise<RecordedReply>;
  /**
   * Forgets messages, requests and unsubscribed numbers; switches back to
   * defaults, the incoming message URL back to the one it started with.
   */
  reset(): void;
  /** Stops listening and destroys every connection, hung ones included. */
  close(): Promise<void>;
}

const isLoopbackV6 = (host: string): boolean => host.includes(':');

function baseUrl(host: string, server: Server): string {
  const { port } = server.address() as AddressInfo;
  return `http://${isLoopbackV6(host) ? `[${host}]` : host}:${port}`;
}

async function listen(server: Server, options: ResolvedFakeSmsProviderOptions): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** The provider's mutable state, behind the in-process API. */
class FakeSmsProviderState {
  switches: FakeSmsSwitches;
  incomingMessageUrl: string | null;
  readonly hung: HungRequests = createHungRequests();
  readonly store: FakeSmsStore = createFakeSmsStore();
  readonly events = new EventEmitter<FakeSmsProviderEvents>();
  readonly closing = new AbortController();
  readonly options: ResolvedFakeSmsProviderOptions;
  readonly lifecycle: MessageLifecycle;

  constructor(options: ResolvedFakeSmsProviderOptions) {
    this.options = options;
    this.switches = options.switches;
    this.incomingMessageUrl = options.incomingMessageUrl;
    this.lifecycle = createMessageLifecycle({
      ...options,
      onStatus: (message) => this.events.emit('status', snapshotMessage(message)),
      onCallback: (_message, callback) => this.events.emit('callback', callback),
    });
  }

  takeMode(isCreate: boolean): FakeSmsMode {
    const failNext = this.switches.failNext;
    if (isCreate && failNext !== null) {
      const count = failNext.count - 1;
      this.switches = { ...this.switches, failNext: count > 0 ? { ...failNext, count } : null };
      return failNext.mode;
    }
    const mode = this.switches.mode;
    // Reads are answered normally, so a client can reconcile a lost create.
    const createOnly = mode === 'accept-then-drop' || mode === 'accept-then-error';
    return createOnly && !isCreate ? 'ok' : mode;
  }

  setSwitches(patch: FakeSmsSwitchesPatch): void {
    const parsed = parseFakeSmsSwitchesPatch(patch);
    assert(parsed.ok, parsed.ok ? '' : parsed.error);
    this.switches = { ...this.switches, ...parsed.value };
    if (this.switches.mode !== 'hang') this.hung.releaseAll();
  }

  park(exchange: ApiExchange): void {
    if (exchange.settled) return;
    exchange.record.outcome = 'hung';
    this.hung.park(exchange, this.switches.hangMs);
    this.events.emit('hung', { ...exchange.record });
  }

  reset(): void {
    void this.lifecycle.stopAll();
    this.store.clear();
    this.switches = DEFAULT_FAKE_SMS_SWITCHES;
    this.incomingMessageUrl = this.options.incomingMessageUrl;
    this.hung.releaseAll();
  }

  setIncomingMessageUrl(url: string | null): void {
    assert(url === null || isValidWebhookUrl(url), 'incomingMessageUrl must be an http(s) URL');
    this.incomingMessageUrl = url;
  }

  async receiveReply(reply: FakeSmsReply): Promise<Result<RecordedReply, string>> {
    const received = await receiveReply(
      {
        ...this.options,
        store: this.store,
        incomingMessageUrl: this.incomingMessageUrl,
        timeoutMs: this.options.statusCallbackTimeoutMs,
        signal: this.closing.signal,
      },
      reply,
    );
    if (received.ok) this.events.emit('reply', received.value);
    return received;
  }

  pipeline(): ApiPipeline {
    return {
      api: {
        ...this.options,
        store: this.store,
        lifecycle: this.lifecycle,
        onMessage: (message) => this.events.emit('message', snapshotMessage(message)),
      },
      takeMode: (isCreate) => this.takeMode(isCreate),
      latencyMs: () => this.switches.latencyMs,
      retryAfterSeconds: () => this.switches.retryAfterSeconds,
      park: (exchange) => this.park(exchange),
      markResponseDelivered: (sid) => this.markResponseDelivered(sid),
      closing: this.closing.signal,
    };
  }

  markResponseDelivered(sid: string): void {
    const message: StoredMessage | undefined = this.store.findMessage(sid);
    if (message !== undefined) message.responseDelivered = true;
  }

  openExchange(request: IncomingMessage, response: ServerResponse, url: URL): ApiExchange {
    const exchange: ApiExchange = {
      request,
      response,
      settled: false,
      record: {
        sid: newTwilioSid('RQ', this.options.random),
        method: request.method ?? '',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        params: {},
        receivedAtMs: this.options.clock.now(),
        mode: 'ok',
        outcome: 'pending',
        status: null,
        errorCode: null,
        messageSid: null,
      },
      onSettled: (record) => this.events.emit('request', { ...record }),
    };
    this.store.addRequest(exchange.record);
    response.once('close', () => settleExchange(exchange, 'connection-closed'));
    return exchange;
  }

  waitForMessages(count: number, timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        this.events.off('message', check);
        this.closing.signal.removeEventListener('abort', finish);
        resolve();
      };
      const check = () => {
        if (this.store.messageCount() >= count) finish();
      };
      const timer = setTimeout(finish, timeoutMs);
      this.events.on('message', check);
      this.closing.signal.addEventListener('abort', finish);
      check();
    });
  }

  controlTarget(): ControlTarget {
    return {
      messages: () => this.store.snapshotMessages(),
      waitForMessages: (count, timeoutMs) => this.waitForMessages(count, timeoutMs),
      requests: () => this.store.snapshotRequests(),
      switches: () => this.switches,
      setSwitches: (patch) => this.setSwitches(patch),
      unsubscribed: () => [...this.store.unsubscribed()],
      setUnsubscribed: (numbers) => this.store.setUnsubscribed(numbers),
      incomingMessageUrl: () => this.incomingMessageUrl,
      setIncomingMessageUrl: (url) => this.setIncomingMessageUrl(url),
      receiveReply: (reply) => this.receiveReply(reply),
      reset: () => this.reset(),
    };
  }
}

/** The request's URL; a target no URL parser accepts is treated as `/`. */
function requestUrl(request: IncomingMessage): URL {
  const base = 'http://fake-sms-provider.invalid';
  const target = request.url ?? '/';
  return URL.canParse(target, base) ? new URL(target, base) : new URL('/', base);
}

function requestListener(state: FakeSmsProviderState) {
  const pipeline = state.pipeline();
  const control = state.controlTarget();
  return (request: IncomingMessage, response: ServerResponse): void => {
    const url = requestUrl(request);
    if (url.pathname.startsWith(CONTROL_PATH_PREFIX)) {
      handleControlRequest(control, request, response, url.pathname).catch((error: unknown) => {
        console.error('fake SMS provider: control request failed', error);
        response.destroy();
      });
      return;
    }
    const exchange = state.openExchange(request, response, url);
    handleApiRequest(pipeline, exchange, url).catch((error: unknown) =>
      onPipelineFailure(exchange, error),
    );
  };
}

export async function startFakeSmsProvider(
  options: FakeSmsProviderOptions = {},
): Promise<FakeSmsProvider> {
  const resolved = resolveFakeSmsProviderOptions(options);
  const state = new FakeSmsProviderState(resolved);
  // No request time-out: `hang` must hold a request as long as a test wants.
  const server = createServer({ requestTimeout: 0 }, requestListener(state));
  await listen(server, resolved);
  let closed: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    state.closing.abort();
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    state.hung.clear();
    await Promise.all([stopped, state.lifecycle.stopAll()]);
  };
  return {
    url: baseUrl(resolved.host, server),
    accountSid: resolved.accountSid,
    authToken: resolved.authToken,
    events: state.events,
    messages: () => state.store.snapshotMessages(),
    requests: () => state.store.snapshotRequests(),
    switches: () => state.switches,
    setSwitches: (patch) => state.setSwitches(patch),
    unsubscribed: () => [...state.store.unsubscribed()],
    setUnsubscribed: (numbers) => {
      const parsed = parseUnsubscribedNumbers(numbers);
      assert(parsed.ok, parsed.ok ? '' : parsed.error);
      state.store.setUnsubscribed(parsed.value);
    },
    setIncomingMessageUrl: (url) => state.setIncomingMessageUrl(url),
    receiveReply: async (reply) => {
      const parsed = parseFakeSmsReply(reply);
      assert(parsed.ok, parsed.ok ? '' : parsed.error);
      const received = await state.receiveReply(parsed.value);
      assert(received.ok, received.ok ? '' : received.error);
      return received.value;
    },
    reset: () => state.reset(),
    close: () => (closed ??= close()),
  };
}
