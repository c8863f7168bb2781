/**
 * The requests parked by the `hang` mode, each until it is released (the
 * switches changed, a reset), its own hang is over (`hangMs`), the client
 * hangs up, or the fake closes. Every way out clears the request's timer, so
 * a finished hang leaves nothing behind to fire later or keep a process alive.
 *
 * The hang timer is a real timer, not the fake's `clock`: the clock only dates
 * records, and a client waiting on a socket waits in real time.
 */
import { writeAnswer } from './api-exchange.ts';
import type { ApiExchange } from './api-exchange.ts';
import { errorAnswer } from './twilio-api.ts';
import { twilioError } from './twilio-error.ts';

export interface HungRequests {
  /**
   * Parks `exchange`. With `hangMs` > 0 it is answered 500 (code 20500) after
   * that long; with 0 it waits for `releaseAll`, the client or `clear`.
   */
  park(exchange: ApiExchange, hangMs: number): void;
  /** Answers every parked request 500 (code 20500): the hang is over. */
  releaseAll(): void;
  /** Forgets every parked request without answering (their sockets are being destroyed). */
  clear(): void;
}

/** Why a hung request was finally answered: Twilio's 500, with the fake's reason. */
const hangOver = (reason: string) => errorAnswer(twilioError(20500, reason));

export function createHungRequests(): HungRequests {
  const hung = new Map<ApiExchange, NodeJS.Timeout | null>();

  const forget = (exchange: ApiExchange): void => {
    const timer = hung.get(exchange);
    if (timer !== undefined && timer !== null) clearTimeout(timer);
    hung.delete(exchange);
  };

  const answer = (exchange: ApiExchange, reason: string): void => {
    forget(exchange);
    writeAnswer(exchange, hangOver(reason));
  };

  return {
    park: (exchange, hangMs) => {
      const timer =
        hangMs > 0 ? setTimeout(() => answer(exchange, `Hang of ${hangMs} ms over`), hangMs) : null;
      hung.set(exchange, timer);
      exchange.response.once('close', () => forget(exchange));
    },
    releaseAll: () => {
      for (const exchange of [...hung.keys()]) answer(exchange, 'Released from hang');
    },
    clear: () => {
      for (const exchange of [...hung.keys()]) forget(exchange);
    },
  };
}
