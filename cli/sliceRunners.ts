/**
 * Where `analyze` runs its slices: on this thread (one slice per output), on the local pool
 * through the in-memory transport, or on the workers of a NATS server. Each runner takes batches
 * (the first pass, then the relisted slices) and hands every result to `take` exactly once.
 */
import { sliceWork } from '../coordinator/networkSlices.js';
import { publicationOrder } from '../coordinator/publicationOrder.js';
import { CounterCache } from '../shared/engine/counterCache.js';
import { candidatesOf, evaluateShard } from '../shared/evaluate/evaluateShard.js';
import type { ShardResultMessage, ShardSpec } from '../shared/wire/messages.js';
import { stageTimer } from '../worker/stageTimer.js';
import { UsageError } from './errors.js';
import type { NatsFlags } from './natsFlags.js';
import { sliceProgress } from './sliceProgress.js';

export interface SliceRunner {
  /** Runs one batch; `base` numbers its shards after the earlier batches'. */
  run(batch: readonly ShardSpec[], base: number): Promise<void>;
  close(): Promise<void>;
}

export interface RunnerContext {
  /** A promise when the results are coming faster than they are merged: awaited before the next. */
  readonly take: (m: ShardResultMessage) => void | Promise<void>;
  readonly print: (line: string) => void;
  readonly quiet: boolean;
  /**
   * Told of each batch (its slices' estimated work, and the local pool's threads when it runs
   * there); returns what hears of each of its results.
   */
  readonly watch?: (work: readonly number[], threads?: number) => (index: number, m: ShardResultMessage, fresh: boolean) => void;
}

/**
 * What hears of a batch's results on the pool and over NATS: the progress line (by the slices'
 * estimated work) and the context's watcher (metrics); `stop` ends the line.
 */
async function batchWatch(ctx: RunnerContext, batch: readonly ShardSpec[], quiet: boolean, threads?: number): Promise<{ onResult(index: number, m: ShardResultMessage, fresh: boolean): void; stop(): void }> {
  const work = batch.map(sliceWork);
  const progress = await sliceProgress(work, ctx.print, quiet, threads);
  const seen = ctx.watch?.(work, threads);
  return {
    onResult(index, m, fresh) {
      progress.tick(fresh, candidatesOf(m.result), index, m.durationMs);
      seen?.(index, m, fresh);
    },
    stop: () => progress.stop(),
  };
}

/** One slice after another on this thread, in publication order, timed like a worker's task. */
export function inProcessRunner(ctx: RunnerContext): SliceRunner {
  const counters = new CounterCache();
  return {
    async run(batch) {
      const seen = ctx.watch?.(batch.map(sliceWork));
      for (const i of publicationOrder(batch.length)) {
        const spec = batch[i] as ShardSpec;
        const stages = stageTimer();
        const t0 = performance.now();
        const result = evaluateShard(spec, (stage, run) => stages.time(stage, run), counters);
        const durationMs = performance.now() - t0;
        const m: ShardResultMessage = { type: 'shard-result', v: 1, planId: 'local', shardId: 'local:0', worker: 'local', durationMs, stageMs: Object.fromEntries(stages.timings), result };
        await ctx.take(m);
        seen?.(i, m, true);
      }
    },
    async close() {},
  };
}

/**
 * On the local pool, this thread left free: Ctrl-C (or SIGTERM) stops the run at once, the slices
 * in progress with it, and `analyze` fails with no results written (its spooled lists removed; only
 * `--slice-times` keeps the lines of the slices that ended).
 */
export async function poolRunner(ctx: RunnerContext, threads: number | undefined, signal: AbortSignal): Promise<SliceRunner> {
  const [{ memoryTransport }, { createPool, defaultThreads }, { startLocalWorker }, { runShardSet, ShardSetFailed }] = await Promise.all([
    import('../transport/memoryTransport.js'),
    import('../worker/pool.js'),
    import('./localWorker.js'),
    import('../coordinator/shardSet.js'),
  ]);
  const transport = memoryTransport({ ackWaitMs: 60 * 60_000 });
  const poolThreads = threads ?? defaultThreads();
  const pool = createPool(poolThreads);
  const stopWorker = startLocalWorker(transport, pool);
  return {
    async run(batch, base) {
      const progress = await batchWatch(ctx, batch, ctx.quiet, poolThreads);
      try {
        await runShardSet(transport, 'local', batch, (_i, m) => ctx.take(m), { base, signal, onResult: progress.onResult });
      } catch (err) {
        if (signal.aborted && err instanceof ShardSetFailed) throw new UsageError(`interrupted (${String(signal.reason)}): ${err.message}; no results were written`, { cause: err });
        // A slice that failed for good (its engine's reason, e.g. too many minimal mappings): one line, as over NATS.
        if (err instanceof ShardSetFailed) throw new UsageError(err.message, { cause: err });
        throw err;
      } finally {
        progress.stop();
      }
    },
    async close() {
      // The loop stops pulling first; ending the pool then ends the slices in progress (after an
      // interrupt) instead of waiting for them.
      const stopping = stopWorker();
      await pool.close();
      await stopping;
      await transport.close();
    },
  };
}

/** Over NATS: the run is claimed once (plan `planId`) and marked done by `close` after the last batch. */
export async function natsRunner(ctx: RunnerContext, flags: Partial<NatsFlags>, planId: string, what: string, signal: AbortSignal): Promise<SliceRunner> {
  const [{ connectNats, DEFAULT_PREFIX }, { runShardSet, ShardSetFailed }, { claimRun, markDone, RunConflict }] = await Promise.all([
    import('./natsFlags.js'),
    import('../coordinator/shardSet.js'),
    import('../coordinator/runState.js'),
  ]);
  const natsFlags = { prefix: DEFAULT_PREFIX, ...flags } as NatsFlags;
  const transport = await connectNats(natsFlags, 'identifiability-analyze');
  if (!transport) throw new UsageError('--nats: no server URL');
  const usage = (err: unknown): never => {
    if (err instanceof ShardSetFailed || err instanceof RunConflict) throw new UsageError(err.message, { cause: err });
    throw err;
  };
  let finished = false;
  const close = async (): Promise<void> => {
    if (finished) await markDone(transport).catch(usage);
    await transport.close();
  };
  try {
    await claimRun(transport, { planId, study: what, networks: 1 }, { takeOver: natsFlags.takeOver === true });
  } catch (err) {
    await close();
    usage(err);
  }
  return {
    async run(batch, base) {
      if (!ctx.quiet) ctx.print(`${what}: ${batch.length} slices through NATS (prefix ${natsFlags.prefix}, plan ${planId})`);
      const progress = await batchWatch(ctx, batch, ctx.quiet);
      try {
        await runShardSet(transport, planId, batch, (_i, m) => ctx.take(m), { base, signal, onResult: progress.onResult });
        finished = true;
      } catch (err) {
        finished = false;
        usage(err);
      } finally {
        progress.stop();
      }
    },
    close,
  };
}
