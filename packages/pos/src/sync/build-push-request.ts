import type { Heartbeat, PushRequest, WorkItem } from '@tabline/protocol';
import type { PushCandidate } from '../store/read-push-candidates.ts';

/** A batch read from the outbox with its work items parsed, ready to send. */
export interface PreparedBatch {
  readonly candidates: readonly PushCandidate[];
  readonly items: readonly WorkItem[];
}

/**
 * Parses the stored JSON of each work item of a batch. The JSON was made by
 * JSON.stringify, so serialising the parsed value again gives the stored
 * bytes exactly: a retry sends what the first attempt sent.
 */
export function prepareBatch(candidates: readonly PushCandidate[]): PreparedBatch {
  return {
    candidates,
    items: candidates.map((candidate) => JSON.parse(candidate.payload) as WorkItem),
  };
}

/** The push for a prepared batch, with the device's heartbeat as it is sent. */
export function buildPushRequest(batch: PreparedBatch, heartbeat: Heartbeat): PushRequest {
  return { items: [...batch.items], heartbeat };
}
