import type { Heartbeat, PushRequest, WorkItem } from '@tabline/protocol';
import type { PushCandidate } from '../store/read-push-candidates.ts';

/**
 * The push for a batch, made from the stored JSON of each work item, with
 * the device's heartbeat. The JSON was made by JSON.stringify, so serialising
 * the parsed value again gives the stored bytes exactly: a retry sends what
 * the first attempt sent.
 */
export function buildPushRequest(
  batch: readonly PushCandidate[],
  heartbeat: Heartbeat,
): PushRequest {
  return {
    items: batch.map((candidate) => JSON.parse(candidate.payload) as WorkItem),
    heartbeat,
  };
}
