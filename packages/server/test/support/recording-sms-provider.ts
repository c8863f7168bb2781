import type { SmsProvider } from '@tabline/workers';

/** How a receipt came to be known as sent, as far as the sender's calls show. */
export type SentBy = 'answer' | 'search' | 'callback';

export interface RecordingSmsProvider {
  readonly provider: SmsProvider;
  /**
   * How the text with this body was settled: `answer` when a send of it was
   * answered 201, else `search` when a search of the provider's messages
   * found it, else `callback` (nothing the sender did told it: a status
   * callback did). A figure for the report, not an assertion: a callback
   * and a search can race, and the search is then credited.
   */
  sentBy(body: string): SentBy;
}

/**
 * The provider the workers use, with each send's and search's outcome noted
 * by the text's body, so a test can tell how each receipt was settled.
 */
export function recordingSmsProvider(inner: SmsProvider): RecordingSmsProvider {
  const answered = new Set<string>();
  const found = new Set<string>();
  return {
    provider: {
      async send(message, signal) {
        const outcome = await inner.send(message, signal);
        if (outcome.kind === 'accepted') answered.add(message.body);
        return outcome;
      },
      async find(search, signal) {
        const outcome = await inner.find(search, signal);
        if (outcome.kind === 'found') found.add(search.body);
        return outcome;
      },
    },
    sentBy: (body) => (answered.has(body) ? 'answer' : found.has(body) ? 'search' : 'callback'),
  };
}
