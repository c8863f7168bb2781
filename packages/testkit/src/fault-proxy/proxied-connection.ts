/**
 * One client connection through the proxy and its connection to the target,
 * joined by two shaped pipes. It also decides where a response starts: the
 * first bytes from the server after the client's bytes reached it. That is
 * where `dropResponses` strikes: the server has received the request (and
 * done the work), the client loses the connection without an answer.
 *
 * A socket error on either side resets the other side, so a failure reaches
 * the peer as it would without the proxy; a clean end is passed on as a
 * half-close. Errors never escape: every socket has an error listener.
 */
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import type { FaultProxyTarget } from './fault-proxy-options.ts';
import { startShapedPipe } from './shaped-pipe.ts';
import type { PipeShape } from './shaped-pipe.ts';

export interface ConnectionHooks {
  readonly target: FaultProxyTarget;
  readonly shape: () => PipeShape;
  /** Asked at each response start; true drops that response. */
  readonly shouldDropResponse: () => boolean;
  readonly onResponseDropped: () => void;
  readonly onForwarded: (direction: 'clientToServer' | 'serverToClient', bytes: number) => void;
  readonly onSwallowed: (bytes: number) => void;
  readonly onUpstreamError: () => void;
  /** Both sockets are closed. */
  readonly onClosed: () => void;
}

export interface ProxiedConnection {
  /** Resets both sockets now (TCP RST where possible). */
  reset(): void;
  /** Closes both sockets now. */
  destroy(): void;
}

/** Resets a socket if it is still open; a connecting one is just destroyed. */
export function resetSocket(socket: Socket): void {
  if (socket.destroyed) return;
  if (socket.connecting) socket.destroy();
  else socket.resetAndDestroy();
}

export function startProxiedConnection(client: Socket, hooks: ConnectionHooks): ProxiedConnection {
  const upstream = connect({
    host: hooks.target.host,
    port: hooks.target.port,
    allowHalfOpen: true,
  });
  client.setNoDelay(true);
  upstream.setNoDelay(true);
  let awaitingResponse = false;
  const reset = (): void => {
    resetSocket(client);
    resetSocket(upstream);
  };

  const admitResponse = (): boolean => {
    if (!awaitingResponse) return true;
    awaitingResponse = false;
    if (!hooks.shouldDropResponse()) return true;
    reset();
    hooks.onResponseDropped();
    return false;
  };

  const common = { shape: hooks.shape, onSwallowed: hooks.onSwallowed };
  const pipes = [
    startShapedPipe({
      ...common,
      source: client,
      sink: upstream,
      admit: () => true,
      onForwarded: (bytes) => {
        awaitingResponse = true;
        hooks.onForwarded('clientToServer', bytes);
      },
    }),
    startShapedPipe({
      ...common,
      source: upstream,
      sink: client,
      admit: admitResponse,
      onForwarded: (bytes) => hooks.onForwarded('serverToClient', bytes),
    }),
  ];

  let openSockets = 2;
  const onSocketClosed = (): void => {
    openSockets -= 1;
    if (openSockets > 0) return;
    for (const pipe of pipes) pipe.stop();
    hooks.onClosed();
  };
  client.on('error', () => {});
  upstream.on('error', () => hooks.onUpstreamError());
  client.once('close', (hadError) => {
    if (hadError) resetSocket(upstream);
    onSocketClosed();
  });
  upstream.once('close', (hadError) => {
    if (hadError) resetSocket(client);
    onSocketClosed();
  });

  return {
    reset,
    destroy: () => {
      client.destroy();
      upstream.destroy();
    },
  };
}

/**
 * A connection accepted under `blackhole`: never connected onward, its bytes
 * swallowed, nothing ever answered. It is closed when the client closes its
 * side (it has given up), on `resetAll()` or when the proxy closes.
 */
export function startBlackholedConnection(
  client: Socket,
  hooks: Pick<ConnectionHooks, 'onSwallowed' | 'onClosed'>,
): ProxiedConnection {
  client.on('data', (chunk: Buffer) => hooks.onSwallowed(chunk.length));
  client.on('error', () => {});
  client.on('end', () => client.destroy());
  client.once('close', () => hooks.onClosed());
  return { reset: () => resetSocket(client), destroy: () => client.destroy() };
}
