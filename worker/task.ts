/**
 * Piscina entry point: decode a shard, evaluate it, encode the result. Errors come back as records
 * because an Error sent through postMessage loses its name and code.
 */
import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import { CounterCache } from '../shared/engine/counterCache.js';
import { candidatesOf, evaluateShard, type Timer } from '../shared/evaluate/evaluateShard.js';
import { decodeWork, encode } from '../shared/wire/codec.js';
import { errorToRecord, type ErrorRecord } from '../shared/wire/errors.js';
import { stageTimer } from './stageTimer.js';
import { checkpointTallies, type CheckpointTally } from '../shared/evaluate/checkpoints.js';
import { taskLoadedMessage } from './taskLoaded.js';

export interface TaskInput {
  readonly bytes: Uint8Array;
  readonly worker: string;
  /** JetStream delivery count of the shard (1: first delivery). */
  readonly delivery: number;
}

export type TaskOutput =
  | { readonly ok: true; readonly bytes: Uint8Array; readonly candidates: number; readonly checkpoints?: CheckpointTally[] }
  | { readonly ok: false; readonly error: ErrorRecord };

/** This thread's last grounding counter: its next slice of the same network reuses what it built. */
const counters = new CounterCache();

export default function task({ bytes, worker, delivery }: TaskInput): TaskOutput {
  try {
    const msg = decodeWork(bytes);
    const stages = stageTimer();
    const timer: Timer = (stage, run) => stages.time(stage, run);
    const t0 = performance.now();
    const result = evaluateShard(msg.spec, timer, counters);
    const durationMs = performance.now() - t0;
    const stageMs = Object.fromEntries(stages.timings);
    const out = encode({ type: 'shard-result', v: 1, planId: msg.planId, shardId: msg.shardId, worker, delivery, durationMs, stageMs, result });
    // Checkpoint tallies travel beside the bytes so the main thread's metrics need not decode them.
    const tallies = result.kind === 'network' && result.checkpoints ? { checkpoints: checkpointTallies(result.checkpoints) } : {};
    return { ok: true, bytes: out, candidates: candidatesOf(result), ...tallies };
  } catch (err) {
    return { ok: false, error: errorToRecord(err) };
  }
}

// In a pool thread: this module is in, the thread may be ended (worker/taskLoaded.ts).
parentPort?.postMessage(taskLoadedMessage());
