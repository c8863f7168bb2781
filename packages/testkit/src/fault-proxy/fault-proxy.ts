/**
 * A fault-injecting TCP proxy (in the spirit of Toxiproxy, which Debian does
 * not package): listens on loopback and pipes each connection to a target,
 * adding latency, a bandwidth cap, refused or black-holed connections, lost
 * responses and connection-reset storms on demand. Tests and the simulator
 * put it between the POS and the server, and between the server and
 * PostgreSQL. See `FaultProxyFaults` for what each fault does.
 */
import { EventEmitter } from 'node:events';
import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { CONNECTIONS_MAX } from './fault-proxy-limits.ts';
import { checkFaultPatch, resolveFaultProxyOptions } from './fault-proxy-options.ts';
import type {
  FaultProxyFaults,
  FaultProxyOptions,
  ResolvedFaultProxyOptions,
} from './fault-proxy-options.ts';
import { emptyFaultProxyStats } from './fault-proxy-stats.ts';
import type { FaultProxyStats } from './fault-proxy-stats.ts';
import {
  resetSocket,
  startBlackholedConnection,
  startProxiedConnection,
} from './proxied-connection.ts';
import type { ConnectionHooks, ProxiedConnection } from './proxied-connection.ts';

/** Events, so tests await what happens instead of sleeping. Payload: a connection number. */
export interface FaultProxyEvents {
  connection: [number];
  'connection-closed': [number];
  'response-dropped': [number];
  /** Bytes discarded (blackhole or a dropped response): connection, bytes. */
  swallowed: [number, number];
}

export interface FaultProxy {
  readonly host: string;
  readonly port: number;
  readonly events: EventEmitter<FaultProxyEvents>;
  faults(): FaultProxyFaults;
  /** Changes some faults now; throws on an invalid value (a bug in the caller). */
  setFaults(patch: Partial<FaultProxyFaults>): void;
  /** Resets every open connection now; returns how many. */
  resetAll(): number;
  stats(): FaultProxyStats;
  /** Stops listening and destroys every connection. */
  close(): Promise<void>;
}

class FaultProxyState {
  faults: FaultProxyFaults;
  readonly stats: FaultProxyStats = emptyFaultProxyStats();
  readonly connections = new Map<number, ProxiedConnection>();
  readonly events = new EventEmitter<FaultProxyEvents>();
  readonly options: ResolvedFaultProxyOptions;
  nextId = 1;

  constructor(options: ResolvedFaultProxyOptions) {
    this.options = options;
    this.faults = options.faults;
  }

  shouldDropResponse(): boolean {
    this.stats.responses += 1;
    if (this.faults.dropResponses > 0) {
      this.faults = { ...this.faults, dropResponses: this.faults.dropResponses - 1 };
      return true;
    }
    const p = this.faults.dropResponseProbability;
    return p > 0 && this.options.random.next() < p;
  }

  hooks(id: number): ConnectionHooks {
    const { stats } = this;
    return {
      target: this.options.target,
      shape: () => this.faults,
      shouldDropResponse: () => this.shouldDropResponse(),
      onResponseDropped: () => {
        stats.responsesDropped += 1;
        this.events.emit('response-dropped', id);
      },
      onForwarded: (direction, bytes) => {
        if (direction === 'clientToServer') stats.bytesClientToServer += bytes;
        else stats.bytesServerToClient += bytes;
      },
      onSwallowed: (bytes) => {
        stats.bytesSwallowed += bytes;
        this.events.emit('swallowed', id, bytes);
      },
      onUpstreamError: () => (stats.upstreamErrors += 1),
      onClosed: () => {
        this.connections.delete(id);
        stats.connectionsOpen -= 1;
        this.events.emit('connection-closed', id);
      },
    };
  }

  accept(client: Socket): void {
    this.stats.connectionsAccepted += 1;
    if (this.faults.refuse || this.connections.size >= CONNECTIONS_MAX) {
      this.stats.connectionsRefused += 1;
      client.on('error', () => {});
      resetSocket(client);
      return;
    }
    const id = this.nextId++;
    const hooks = this.hooks(id);
    const blackhole = this.faults.blackhole;
    if (blackhole) this.stats.connectionsBlackholed += 1;
    this.stats.connectionsOpen += 1;
    const connection = blackhole
      ? startBlackholedConnection(client, hooks)
      : startProxiedConnection(client, hooks);
    this.connections.set(id, connection);
    this.events.emit('connection', id);
  }

  resetAll(): number {
    const connections = [...this.connections.values()];
    for (const connection of connections) connection.reset();
    this.stats.resets += connections.length;
    return connections.length;
  }
}

async function listen(server: Server, options: ResolvedFaultProxyOptions): Promise<AddressInfo> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server.address() as AddressInfo;
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const state = new FaultProxyState(resolveFaultProxyOptions(options));
  // Half-open sockets, so that a client's end of sending reaches the target
  // while the answer can still come back.
  const server = createServer({ allowHalfOpen: true }, (client) => state.accept(client));
  // A listener error after start (rare on loopback) must not crash the process.
  const address = await listen(server, state.options);
  server.on('error', () => {});
  let closed: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const connection of state.connections.values()) connection.destroy();
    await stopped;
  };
  return {
    host: state.options.host,
    port: address.port,
    events: state.events,
    faults: () => state.faults,
    setFaults: (patch) => {
      checkFaultPatch(patch);
      state.faults = { ...state.faults, ...patch };
    },
    resetAll: () => state.resetAll(),
    stats: () => ({ ...state.stats }),
    close: () => (closed ??= close()),
  };
}
