import test from 'ava';
import task from '../../worker/task.js';
import { decodeResult, encode } from '../../shared/wire/codec.js';
import { defaultTrainSpec } from '../../shared/train/spec.js';
import { compileAnalysisOptions } from '../../shared/engine/options.js';

function shard(seed: number, k: number): Uint8Array {
  const spec = {
    kind: 'network' as const,
    experiment: seed,
    train: defaultTrainSpec({ gates: ['XOR'], seed, trainRepeats: 300 }),
    analysis: compileAnalysisOptions({ stages: ['circuits', 'groundings'] }, { layerSizes: [2, k, k, 1], weights: [], biases: [] }),
  };
  return encode({ type: 'shard', v: 1, planId: 'p', shardId: `p:${seed}`, index: seed, spec });
}

test('a result travels in a buffer of its own size, so a structured clone copies the message only', (t) => {
  // The codec writes every message of a thread into one buffer it keeps: the results after the first land in it too.
  for (const [seed, k] of [[0, 4], [1, 2], [2, 2]] as const) {
    const out = task({ bytes: shard(seed, k), worker: 'w', delivery: 1 });
    if (!out.ok) return t.fail(out.error.message);
    t.is(out.bytes.byteOffset, 0);
    t.is(out.bytes.buffer.byteLength, out.bytes.length);
    const msg = decodeResult(out.bytes);
    t.is(msg.type === 'shard-result' ? msg.shardId : '', `p:${seed}`);
  }
});
