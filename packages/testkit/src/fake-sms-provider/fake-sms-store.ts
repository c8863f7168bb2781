/**
 * The fake SMS provider's memory: the messages it accepted, the log of API
 * requests it received and the numbers that replied STOP. Everything is in
 * memory and bounded (see `fake-sms-provider-limits.ts`). Readers get
 * snapshots, so a test holding one is not surprised by later changes.
 */
import {
  MESSAGES_RECORDED_MAX,
  REQUESTS_RECORDED_MAX,
  UNSUBSCRIBED_NUMBERS_MAX,
} from './fake-sms-provider-limits.ts';
import type { RecordedMessage, RecordedStatusCallback } from './recorded-message.ts';
import type { RecordedRequest } from './recorded-request.ts';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A message as the fake keeps it: its status and callbacks change over time. */
export type StoredMessage = Mutable<Omit<RecordedMessage, 'callbacks'>> & {
  callbacks: RecordedStatusCallback[];
};

/** A request log entry: its outcome is filled in when the request settles. */
export type StoredRequest = Mutable<RecordedRequest>;

export interface FakeSmsStore {
  isFull(): boolean;
  messageCount(): number;
  addMessage(message: StoredMessage): void;
  findMessage(sid: string): StoredMessage | undefined;
  /** Newest first, as Twilio lists them: by creation date, then by arrival. */
  messagesNewestFirst(): readonly StoredMessage[];
  addRequest(request: StoredRequest): void;
  unsubscribed(): ReadonlySet<string>;
  setUnsubscribed(numbers: readonly string[]): void;
  /** Adds one number (an opt-out); false, and nothing added, when the list is full. */
  addUnsubscribed(number: string): boolean;
  /** Removes one number (an opt-in). */
  removeUnsubscribed(number: string): void;
  snapshotMessages(): RecordedMessage[];
  snapshotRequests(): RecordedRequest[];
  clear(): void;
}

export const snapshotMessage = (message: StoredMessage): RecordedMessage => ({
  ...message,
  mediaUrls: [...message.mediaUrls],
  callbacks: [...message.callbacks],
});

export function createFakeSmsStore(): FakeSmsStore {
  let messages: StoredMessage[] = [];
  let bySid = new Map<string, StoredMessage>();
  let requests: StoredRequest[] = [];
  let unsubscribed = new Set<string>();
  return {
    isFull: () => messages.length >= MESSAGES_RECORDED_MAX,
    addMessage: (message) => {
      messages.push(message);
      bySid.set(message.sid, message);
    },
    findMessage: (sid) => bySid.get(sid),
    messagesNewestFirst: () =>
      [...messages].reverse().sort((a, b) => b.dateCreatedMs - a.dateCreatedMs),
    addRequest: (request) => {
      // Drop the oldest quarter at once, so that a full log costs one copy per
      // many requests rather than one per request.
      if (requests.length >= REQUESTS_RECORDED_MAX) requests.splice(0, REQUESTS_RECORDED_MAX / 4);
      requests.push(request);
    },
    unsubscribed: () => unsubscribed,
    setUnsubscribed: (numbers) => {
      unsubscribed = new Set(numbers);
    },
    addUnsubscribed: (number) => {
      if (!unsubscribed.has(number) && unsubscribed.size >= UNSUBSCRIBED_NUMBERS_MAX) return false;
      unsubscribed.add(number);
      return true;
    },
    removeUnsubscribed: (number) => {
      unsubscribed.delete(number);
    },
    messageCount: () => messages.length,
    snapshotMessages: () => messages.map(snapshotMessage),
    snapshotRequests: () => requests.map((request) => ({ ...request })),
    clear: () => {
      messages = [];
      bySid = new Map();
      requests = [];
      unsubscribed = new Set();
    },
  };
}
