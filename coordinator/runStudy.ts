/**
 * The run: publish the shards not yet finished, collect results until every shard is stored, then
 * write the outputs. The transport is injected: embedded mode passes the in-memory one and runs a
 * local worker loop beside the collector; distributed mode passes NATS and workers run elsewhere.
 */
import { consume } from '../worker/consume.js';
import type { ShardPool } from '../worker/pool.js';
import { collect, type CollectEvent } from './collect.js';
import { writeOutputs, type RunSummary } from './output.js';
import type { Plan } from './plan.js';
import { publishShards } from './publish.js';
import { claimRun, markDone } from './runState.js';
import type { RunStore } from './runStore.js';
import { planShards } from './shards.js';
import type { Transport } from './transport/transport.js';

export interface RunEvents {
  onPublished?(count: number, alreadyDone: number): void;
  onCollect?(e: CollectEvent): void;
}

export interface RunContext {
  readonly plan: Plan;
  readonly store: RunStore;
  readonly transport: Transport;
  /** A local pool makes this process its own worker (embedded mode). */
  readonly localPool?: ShardPool;
  readonly signal?: AbortSignal;
  readonly events?: RunEvents;
  /** ISO time stamp for the report (the engine and the report have no clock). */
  readonly created: string;
}

export class RunInterrupted extends Error {
  override name = 'RunInterrupted';
}

export async function runStudy(ctx: RunContext): Promise<RunSummary> {
  const { plan, store, transport } = ctx;
  await claimRun(transport, plan);
  const shards = planShards(plan);
  const published = await publishShards(transport, shards, (i) => store.finished.has(i));
  ctx.events?.onPublished?.(published, store.finished.size);
  const stopWorker = new AbortController();
  const onAbort = (): void => stopWorker.abort();
  ctx.signal?.addEventListener('abort', onAbort);
  const worker = ctx.localPool
    ? consume(transport, ctx.localPool, { worker: 'embedded', signal: stopWorker.signal })
    : Promise.resolve();
  try {
    await collect(transport, plan, store, { ...(ctx.signal && { signal: ctx.signal }), ...(ctx.events?.onCollect && { onEvent: ctx.events.onCollect }) });
  } finally {
    stopWorker.abort();
    ctx.signal?.removeEventListener('abort', onAbort);
    await worker;
  }
  if (store.finished.size < plan.networks.length) throw new RunInterrupted(`stopped with ${store.finished.size} of ${plan.networks.length} networks done; run the same command again to resume`);
  const summary = await writeOutputs(plan, store, ctx.created);
  await markDone(transport);
  return summary;
}
