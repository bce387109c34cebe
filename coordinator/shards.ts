/** shards: the plan's networks as wire messages with deterministic ids (`${planId}:${index}`). */
import type { ShardMessage } from '../shared/wire/messages.js';
import { shardId } from '../shared/wire/subjects.js';
import type { Plan } from './plan.js';

export function planShards(plan: Plan): ShardMessage[] {
  return plan.networks.map((spec, index) => ({ type: 'shard', v: 1, planId: plan.planId, shardId: shardId(plan.planId, index), index, spec }));
}

/** The plan index of a shard id of this plan, or null when it belongs to another plan. */
export function shardIndex(plan: Plan, id: string): number | null {
  const prefix = `${plan.planId}:`;
  if (!id.startsWith(prefix)) return null;
  const index = Number(id.slice(prefix.length));
  return Number.isInteger(index) && index >= 0 && index < plan.networks.length ? index : null;
}
