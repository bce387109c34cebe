/** shards: the plan's networks as wire messages with deterministic ids (`${planId}:${index}`). */
import type { ShardMessage } from '../shared/wire/messages.js';
import { shardId } from '../shared/wire/subjects.js';
import type { Plan } from './plan.js';

export function planShards(plan: Plan): ShardMessage[] {
  return plan.networks.map((spec, index) => ({ type: 'shard', v: 1, planId: plan.planId, shardId: shardId(plan.planId, index), index, spec }));
}

/**
 * Slice k of large network n travels as plan index n + (k + 1) * 2^32: the id stays
 * `${planId}:${index}` (one format on the wire), network ids keep their small indices, and a
 * network may have up to 2^21 - 1 slices within the safe integers.
 */
const SLICE_STRIDE = 2 ** 32;

export function sliceIndex(network: number, slice: number): number {
  return network + (slice + 1) * SLICE_STRIDE;
}

/** The network (and slice, null for the network's own shard) of a shard id of this plan. */
export function parseShardId(plan: Plan, id: string): { network: number; slice: number | null } | null {
  const prefix = `${plan.planId}:`;
  if (!id.startsWith(prefix) || !/^\d+$/.test(id.slice(prefix.length))) return null;
  const index = Number(id.slice(prefix.length));
  if (!Number.isSafeInteger(index)) return null;
  const network = index % SLICE_STRIDE;
  const slice = Math.floor(index / SLICE_STRIDE) - 1;
  if (network >= plan.networks.length) return null;
  return { network, slice: slice < 0 ? null : slice };
}
