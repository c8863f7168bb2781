/**
 * Reads a request body up to a limit. Returns null when the body is larger:
 * announced by Content-Length (nothing is read, the caller can still answer
 * 413) or found while reading (the request stream is then destroyed, which
 * closes the connection: an unbounded body is not worth draining).
 */
import type { IncomingMessage } from 'node:http';

export async function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer | null> {
  if (Number(request.headers['content-length'] ?? 0) > maxBytes) return null;
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (bytes > maxBytes) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
