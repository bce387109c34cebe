/**
 * The coordinator's merge thread (threadedMerger.ts): one DistributionMerger per open merger id,
 * fed by its messages. `add` a distribution; `result` asks for the merge of every one added so
 * far, after which the merger is forgotten; `drop` forgets it unmerged. Each add is acknowledged,
 * so the main thread knows how much waits here.
 */
import { parentPort } from 'node:worker_threads';
import { DistributionMerger } from '../shared/engine/distributionMerger.js';
import type { PackedDistribution } from '../shared/engine/packedDistribution.js';
import { movable, queuedBytes } from './threadedMerger.js';

export type MergeRequest =
  | { readonly kind: 'add'; readonly id: number; readonly d: PackedDistribution }
  | { readonly kind: 'result'; readonly id: number }
  | { readonly kind: 'drop'; readonly id: number };

export type MergeReply =
  /** One distribution merged in (its bytes no longer wait in the thread's queue). */
  | { readonly kind: 'added'; readonly id: number; readonly bytes: number }
  | { readonly kind: 'result'; readonly id: number; readonly d: PackedDistribution }
  | { readonly kind: 'error'; readonly id: number; readonly message: string };

const port = parentPort;
if (!port) throw new Error('mergeWorker.js runs as a worker thread');
const mergers = new Map<number, DistributionMerger>();
port.on('message', (m: MergeRequest) => {
  const merger = mergers.get(m.id) ?? new DistributionMerger();
  mergers.set(m.id, merger);
  if (m.kind === 'add') {
    merger.add(m.d);
    return port.postMessage({ kind: 'added', id: m.id, bytes: queuedBytes(m.d) } satisfies MergeReply);
  }
  mergers.delete(m.id);
  if (m.kind === 'drop') return;
  let reply: MergeReply;
  try {
    reply = { kind: 'result', id: m.id, d: merger.result() };
  } catch (err) {
    reply = { kind: 'error', id: m.id, message: (err as Error).message };
  }
  // The merger is forgotten: its result's arrays move to the main thread.
  port.postMessage(reply, reply.kind === 'result' ? movable(reply.d) : []);
});
