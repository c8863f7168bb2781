import type { FakeSmsProvider, RecordedMessage, RecordedRequest } from '@tabline/testkit';

/** Requests to create a message to `phone` that reached the fake, in arrival order. */
export function sendsTo(fake: FakeSmsProvider, phone: string): RecordedRequest[] {
  return fake
    .requests()
    .filter((request) => request.method === 'POST' && request.params['To'] === phone);
}

/** Searches of the fake's messages to `phone` (list requests), in arrival order. */
export function searchesFor(fake: FakeSmsProvider, phone: string): RecordedRequest[] {
  return fake
    .requests()
    .filter((request) => request.method === 'GET' && request.query['To'] === phone);
}

/** The messages to `phone` the fake holds: what the attendee's phone would receive. */
export function messagesTo(fake: FakeSmsProvider, phone: string): RecordedMessage[] {
  return fake.messages().filter((message) => message.to === phone);
}
