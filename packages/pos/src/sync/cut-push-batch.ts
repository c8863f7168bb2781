import type { PushCandidate } from '../store/read-push-candidates.ts';

/**
 * The bytes around the items of a push: `{"items":[]}` and the heartbeat,
 * whose longest form (a 64-character app version, the largest numbers) is
 * under 320 bytes.
 */
export const PUSH_ENVELOPE_BYTES = 12 + 320;

/**
 * The longest prefix of the candidates whose push body fits in `bytesMax`.
 * It always holds the first candidate, so the queue never stalls on an item
 * alone bigger than the budget: the order limits keep any single work item
 * far below what the server accepts.
 */
export function cutPushBatch(
  candidates: readonly PushCandidate[],
  bytesMax: number,
): PushCandidate[] {
  const batch: PushCandidate[] = [];
  let bytes = PUSH_ENVELOPE_BYTES;
  for (const candidate of candidates) {
    const separatorBytes = batch.length === 0 ? 0 : 1;
    bytes += candidate.payloadBytes + separatorBytes;
    if (bytes > bytesMax && batch.length > 0) break;
    batch.push(candidate);
  }
  return batch;
}
