/**
 * The life of an accepted message in the fake: `queued` (as created), then
 * `sent` after `deliveryDelayMs`, then `delivered` after another
 * `deliveryDelayMs`. At `sent` a message sent through a Messaging Service
 * without `From` gets its sender. If the message has a StatusCallback, each
 * step is POSTed to it, one after the other in order, whatever the previous
 * callback's fate. `stopAll` cancels pending steps and in-flight callbacks
 * (on reset and on close).
 */
import type { Clock } from '@tabline/domain';
import { MESSAGING_SERVICE_SENDER } from './fake-sms-provider-options.ts';
import type { StoredMessage } from './fake-sms-store.ts';
import { postTwilioWebhook } from './post-twilio-webhook.ts';
import type { RecordedStatusCallback } from './recorded-message.ts';
import { TWILIO_API_VERSION } from './twilio-message-resource.ts';

export interface MessageLifecycleOptions {
  readonly deliveryDelayMs: number;
  readonly statusCallbackTimeoutMs: number;
  readonly authToken: string;
  readonly clock: Clock;
  readonly onStatus: (message: StoredMessage) => void;
  readonly onCallback: (message: StoredMessage, callback: RecordedStatusCallback) => void;
}

export interface MessageLifecycle {
  start(message: StoredMessage): void;
  /** Cancels every pending step and callback; resolves once callbacks settled. */
  stopAll(): Promise<void>;
}

type CallbackStatus = RecordedStatusCallback['status'];

export function callbackParams(
  message: StoredMessage,
  status: CallbackStatus,
): Record<string, string> {
  return {
    AccountSid: message.accountSid,
    ApiVersion: TWILIO_API_VERSION,
    From: message.from ?? '',
    MessageSid: message.sid,
    MessageStatus: status,
    SmsSid: message.sid,
    SmsStatus: status,
    To: message.to,
    ...(message.messagingServiceSid === null
      ? {}
      : { MessagingServiceSid: message.messagingServiceSid }),
  };
}

export function createMessageLifecycle(options: MessageLifecycleOptions): MessageLifecycle {
  const timers = new Set<NodeJS.Timeout>();
  const chains = new Map<string, Promise<void>>();
  let stop = new AbortController();

  const schedule = (step: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      step();
    }, options.deliveryDelayMs);
    timers.add(timer);
  };

  const sendCallback = async (
    message: StoredMessage,
    status: CallbackStatus,
    signal: AbortSignal,
  ) => {
    const url = message.statusCallback;
    if (url === null || signal.aborted) return;
    const params = callbackParams(message, status);
    const attemptedAtMs = options.clock.now();
    const { authToken, statusCallbackTimeoutMs: timeoutMs } = options;
    const result = await postTwilioWebhook({ url, params, authToken, timeoutMs, signal });
    // After a reset the message is gone from the fake: do not report on it.
    if (signal.aborted) return;
    const callback = { messageSid: message.sid, status, url, params, attemptedAtMs, ...result };
    message.callbacks.push(callback);
    options.onCallback(message, callback);
  };

  const queueCallback = (message: StoredMessage, status: CallbackStatus): void => {
    const previous = chains.get(message.sid) ?? Promise.resolve();
    const next = previous.then(() => sendCallback(message, status, stop.signal));
    chains.set(message.sid, next);
    void next.finally(() => {
      if (chains.get(message.sid) === next) chains.delete(message.sid);
    });
  };

  const advance = (message: StoredMessage, status: CallbackStatus): void => {
    const nowMs = options.clock.now();
    message.status = status;
    message.dateUpdatedMs = nowMs;
    if (status === 'sent') {
      message.dateSentMs = nowMs;
      message.from ??= MESSAGING_SERVICE_SENDER;
      schedule(() => advance(message, 'delivered'));
    }
    options.onStatus(message);
    queueCallback(message, status);
  };

  return {
    start: (message) => schedule(() => advance(message, 'sent')),
    stopAll: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      stop.abort();
      stop = new AbortController();
      await Promise.all(chains.values());
    },
  };
}
