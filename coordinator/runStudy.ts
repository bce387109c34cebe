/**
 * The run: publish the shards not yet finished, collect results until every shard is stored, then
 * write the outputs. The transport is injected and the coordinator never knows who consumes it:
 * embedded mode passes the in-memory transport with a local worker on its other end (the CLI
 * assembles both), distributed mode passes NATS and workers run elsewhere.
 */
import { collect, type CollectEvent } from './collect.js';
import { writeOutputs, type RunSummary } from './output.js';
import type { Plan } from './plan.js';
import { publishShards } from './publish.js';
import { claimRun, markDone } from './runState.js';
import type { RunStore } from './runStore.js';
import { planShards } from './shards.js';
import { SplitNetworks, type MergeProgress, type StoredSlices } from './splitNetworks.js';
import type { Transport } from '../transport/transport.js';

export interface RunEvents {
  onPublished?(count: number, alreadyDone: number): void;
  onCollect?(e: CollectEvent): void;
  /** At a restart, after each stored slice file of a large network is read and merged. */
  onMerging?(p: MergeProgress): void;
  /** At a restart, a large network's stored slices, merged (before its `slices-planned` event). */
  onSlicesResumed?(index: number, s: StoredSlices): void;
}

export interface RunContext {
  readonly plan: Plan;
  readonly store: RunStore;
  readonly transport: Transport;
  readonly signal?: AbortSignal;
  readonly events?: RunEvents;
  /** Take the run prefix from an unfinished plan whose coordinator is gone (runState.ts). */
  readonly takeOver?: boolean;
}

export class RunInterrupted extends Error {
  override name = 'RunInterrupted';
}

export async function runStudy(ctx: RunContext): Promise<RunSummary> {
  const { plan, store, transport } = ctx;
  await claimRun(transport, plan, { takeOver: ctx.takeOver === true });
  const shards = planShards(plan);
  const published = await publishShards(transport, shards, (i) => store.finished.has(i) || store.trained.has(i));
  ctx.events?.onPublished?.(published, store.finished.size);
  // Large networks trained before a restart: their missing slices published, their stored ones merged.
  const split = new SplitNetworks(plan, store, transport);
  const resumed = await split.resume({ ...(ctx.signal && { signal: ctx.signal }), ...(ctx.events?.onMerging && { onMerged: ctx.events.onMerging }) });
  for (const [index, s] of resumed.stored) ctx.events?.onSlicesResumed?.(index, s);
  for (const [index, { count, work }] of resumed.published) ctx.events?.onCollect?.({ kind: 'slices-planned', index, count, work });
  for (const message of resumed.finished) ctx.events?.onCollect?.({ kind: 'stored', index: Number(message.shardId.split(':')[1]), message, assembled: true });
  try {
    await collect(transport, plan, store, { split, ...(ctx.signal && { signal: ctx.signal }), ...(ctx.events?.onCollect && { onEvent: ctx.events.onCollect }) });
  } finally {
    split.close();
  }
  if (store.finished.size < plan.networks.length) throw new RunInterrupted(`stopped with ${store.finished.size} of ${plan.networks.length} networks done; run the same command again to resume`);
  const summary = await writeOutputs(plan, store);
  await markDone(transport);
  return summary;
}
