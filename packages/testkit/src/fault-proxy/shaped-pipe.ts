/**
 * One direction of a proxied connection: reads chunks from `source` and
 * writes them to `sink`, each held back by the current latency and bandwidth
 * cap, in arrival order. When the source ends, the sink is ended once every
 * held chunk is written (half-closes propagate). Backpressure is kept: the
 * source is paused while too much is held back or the sink is full.
 *
 * The proxy shapes real sockets in real time, so it reads the monotonic
 * clock (`performance.now()`) itself rather than an injected `Clock`.
 */
import type { Socket } from 'node:net';
import { BANDWIDTH_SLICE_BYTES_MIN, QUEUE_BYTES_MAX } from './fault-proxy-limits.ts';

export interface PipeShape {
  readonly latencyMs: number;
  readonly bytesPerSecond: number | null;
  readonly blackhole: boolean;
}

export interface ShapedPipeOptions {
  readonly source: Socket;
  readonly sink: Socket;
  /** Read on every chunk, so that changed faults apply at once. */
  readonly shape: () => PipeShape;
  /** Decides, as a chunk arrives, whether it goes on (true) or is discarded. */
  readonly admit: (chunk: Buffer) => boolean;
  readonly onForwarded: (bytes: number) => void;
  readonly onSwallowed: (bytes: number) => void;
}

export interface ShapedPipe {
  /** Drops whatever is held back and stops writing (the connection is gone). */
  stop(): void;
}

interface HeldChunk {
  readonly chunk: Buffer;
  readonly releaseAtMs: number;
}

/** Cuts a chunk into slices of about 50 ms worth of bytes under a bandwidth cap. */
function slices(chunk: Buffer, bytesPerSecond: number | null): Buffer[] {
  if (bytesPerSecond === null) return [chunk];
  const size = Math.max(BANDWIDTH_SLICE_BYTES_MIN, Math.floor(bytesPerSecond / 20));
  const pieces: Buffer[] = [];
  for (let at = 0; at < chunk.length; at += size) pieces.push(chunk.subarray(at, at + size));
  return pieces;
}

export function startShapedPipe(options: ShapedPipeOptions): ShapedPipe {
  const { source, sink } = options;
  const held: HeldChunk[] = [];
  let heldBytes = 0;
  let lastReleaseAtMs = 0;
  let bandwidthFreeAtMs = 0;
  let sourceEnded = false;
  let sinkFull = false;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;

  /** Latency from now, never before the previous chunk, then the bandwidth turn. */
  const releaseAt = (bytes: number, shape: PipeShape): number => {
    let atMs = Math.max(performance.now() + shape.latencyMs, lastReleaseAtMs);
    if (shape.bytesPerSecond !== null) {
      atMs = Math.max(atMs, bandwidthFreeAtMs);
      bandwidthFreeAtMs = atMs + (bytes * 1000) / shape.bytesPerSecond;
    }
    lastReleaseAtMs = atMs;
    return atMs;
  };

  const write = (chunk: Buffer): void => {
    // The other side is gone: what is left has nowhere to go.
    if (sink.destroyed || sink.writableEnded) return;
    options.onForwarded(chunk.length);
    if (!sink.write(chunk)) {
      sinkFull = true;
      sink.once('drain', () => {
        sinkFull = false;
        flush();
      });
    }
  };

  const finish = (): void => {
    if (heldBytes <= QUEUE_BYTES_MAX && source.isPaused() && !source.destroyed) source.resume();
    const done = held.length === 0 && sourceEnded;
    if (done && !sink.writableEnded && !sink.destroyed) sink.end();
  };

  const flush = (): void => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    while (!stopped && !sinkFull && held.length > 0) {
      const head = held[0]!;
      const waitMs = head.releaseAtMs - performance.now();
      if (waitMs > 0) {
        timer = setTimeout(flush, Math.ceil(waitMs));
        return;
      }
      held.shift();
      heldBytes -= head.chunk.length;
      write(head.chunk);
    }
    if (!stopped) finish();
  };

  source.on('data', (chunk: Buffer) => {
    const shape = options.shape();
    if (stopped || shape.blackhole || !options.admit(chunk)) {
      options.onSwallowed(chunk.length);
      return;
    }
    for (const piece of slices(chunk, shape.bytesPerSecond)) {
      held.push({ chunk: piece, releaseAtMs: releaseAt(piece.length, shape) });
      heldBytes += piece.length;
    }
    if (heldBytes > QUEUE_BYTES_MAX) source.pause();
    flush();
  });
  source.on('end', () => {
    sourceEnded = true;
    flush();
  });

  return {
    stop: () => {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      held.length = 0;
      heldBytes = 0;
    },
  };
}
