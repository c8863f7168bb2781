/**
 * A real HTTP server standing in for Tabline's webhook endpoints (status
 * callbacks, incoming messages): it records each form POST with its headers
 * and answers `status`, so tests see exactly what the fake sent.
 */
import { EventEmitter } from 'node:events';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  /** The full URL as the sender signed it: origin, path and query. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly params: Record<string, string>;
}

export interface WebhookReceiver {
  readonly url: string;
  readonly received: ReceivedWebhook[];
  readonly events: EventEmitter<{ webhook: [ReceivedWebhook] }>;
  readonly close: () => Promise<void>;
}

export async function startWebhookReceiver(status = 204): Promise<WebhookReceiver> {
  const events = new EventEmitter<{ webhook: [ReceivedWebhook] }>();
  const received: ReceivedWebhook[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const { port } = server.address() as AddressInfo;
      const webhook = {
        url: `http://127.0.0.1:${port}${request.url ?? ''}`,
        headers: request.headers,
        params: Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))),
      };
      received.push(webhook);
      response.writeHead(status).end();
      events.emit('webhook', webhook);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    events,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A port nothing listens on: one just released by a server. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
