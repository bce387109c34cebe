import test from 'ava';
import { analyzeOutput } from '../../shared/engine/analyze.js';
import { circuitId, fromCircuitId, fromCircuitRecord, toCircuitRecord } from '../../shared/engine/circuitRecord.js';
import { compileAnalysisOptions } from '../../shared/engine/options.js';
import { jaccard, turnover } from '../../shared/evaluate/checkpoints.js';
import { evaluateShard } from '../../shared/evaluate/evaluateShard.js';
import { defaultTrainSpec } from '../../shared/train/spec.js';
import { trainNetwork } from '../../shared/train/train.js';
import type { NetworkShardResult } from '../../shared/wire/messages.js';
import { checkpointRows } from '../../coordinator/aggregate.js';

const spec = defaultTrainSpec({ gates: ['XOR'], seed: 1, trainRepeats: 300 });

test('checkpoints do not change training; they fall every N epochs and on the last', (t) => {
  const plain = trainNetwork(spec);
  const withCheckpoints = trainNetwork(spec, { checkpointEvery: 7 });
  t.deepEqual(withCheckpoints.model, plain.model);
  t.is(withCheckpoints.epochs, plain.epochs);
  const epochs = withCheckpoints.checkpoints!.map((c) => c.epoch);
  const expected = Array.from({ length: Math.floor(plain.epochs / 7) }, (_, i) => 7 * (i + 1));
  if (expected.at(-1) !== plain.epochs) expected.push(plain.epochs);
  t.deepEqual(epochs, expected);
  t.deepEqual(withCheckpoints.checkpoints!.at(-1)!.model, plain.model);
  t.is(plain.checkpoints, undefined);
  // The first epoch at the task: no checkpoint before it is at the task, every one at or after it reached it once.
  const first = withCheckpoints.firstTaskEpoch ?? null;
  for (const c of withCheckpoints.checkpoints!) if (first === null || c.epoch < first) t.true(c.validationAccuracy < 0.99, `epoch ${c.epoch}`);
  if (first !== null) t.true(first <= plain.epochs);
});

test('each checkpoint holds what analysing its network gives, and the last one is the final analysis', (t) => {
  const analysis = compileAnalysisOptions({ minSparsity: 0 }, { layerSizes: [2, 3, 3, 1], weights: [], biases: [] });
  const r = evaluateShard({ kind: 'network', experiment: 0, train: spec, analysis, checkpoints: 10 }) as NetworkShardResult;
  t.true(r.training.converged);
  const snapshots = trainNetwork(spec, { checkpointEvery: 10 }).checkpoints!;
  t.is(r.checkpoints!.length, snapshots.length);
  t.is(r.firstTaskEpoch, trainNetwork(spec, { checkpointEvery: 10 }).firstTaskEpoch);
  r.checkpoints!.forEach((k, i) => {
    const snap = snapshots[i]!;
    const a = analyzeOutput({ id: 'x', gates: ['XOR'], model: snap.model, validation: r.data.validation, grounding: r.data.grounding }, 0, analysis);
    const out = k.outputs[0]!;
    t.is(k.epoch, snap.epoch);
    t.is(out.kept, a.circuits.length);
    t.deepEqual(out.circuitIds, a.circuits.map(circuitId).sort());
    t.is(out.groundingsTotal, a.circuits.reduce((s, c) => s + (c.groundings ?? 0n), 0n));
    t.is(out.formulas, a.formulas.length);
  });
  const last = r.checkpoints!.at(-1)!.outputs[0]!;
  t.is(last.kept, r.analysis!.outputs[0]!.kept);
  t.true(r.checkpoints!.some((k) => k.outputs[0]!.kept !== last.kept), 'the circuit count changes during training');
});

test('circuit ids: the full k = 3 circuit, and ids decode back to their circuits', (t) => {
  const sizes = [2, 3, 3, 1];
  const full = toCircuitRecord(sizes, { masks: Uint32Array.from([7, 7, 1]), rows: [Uint32Array.from([3, 3, 3]), Uint32Array.from([7, 7, 7]), Uint32Array.from([7])] }, null);
  t.is(circuitId(full), '7:3,3,3/7:7,7,7/1:7');
  const partial = toCircuitRecord(sizes, { masks: Uint32Array.from([5, 2, 1]), rows: [Uint32Array.from([1, 0, 2]), Uint32Array.from([0, 5, 0]), Uint32Array.from([2])] }, null);
  t.is(circuitId(partial), '5:1,2/2:5/1:2');
  t.deepEqual(fromCircuitId(circuitId(partial), sizes), fromCircuitRecord(partial));
  t.throws(() => fromCircuitId('7:3', sizes), { instanceOf: RangeError });
});

test('Jaccard similarity and turnover of circuit sets', (t) => {
  t.is(jaccard(['a', 'b', 'c'], ['b', 'c', 'd']), 2 / 4);
  t.is(jaccard([], []), 1);
  t.is(jaccard(['a'], []), 0);
  t.deepEqual(turnover(['a', 'b', 'c'], ['b', 'c', 'd', 'e']), { born: 2, died: 1 });
  const rows = checkpointRows([
    { epoch: 5, loss: 1, validationAccuracy: 0.5, outputs: [{ kept: 1, groundingsTotal: 1n, formulas: 0, mappings: 0, circuitIds: ['a'] }] },
    { epoch: 10, loss: 1, validationAccuracy: 0.5, outputs: [{ kept: 2, groundingsTotal: 1n, formulas: 0, mappings: 0, circuitIds: ['a', 'b'] }] },
    { epoch: 12, loss: 1, validationAccuracy: 0.5, outputs: [{ kept: 2, groundingsTotal: 1n, formulas: 0, mappings: 0, circuitIds: null }] },
  ]);
  t.deepEqual(rows.map((r) => [r.epoch, r.circuits[0], r.jaccard[0], r.born[0], r.died[0]]), [[5, 1, null, null, null], [10, 2, 0.5, 1, 0], [12, 2, null, null, null]]);
});

test('checkpoints cross the wire intact, and a malformed one is refused naming its field', async (t) => {
  const { encode, decodeResult } = await import('../../shared/wire/codec.js');
  const analysis = compileAnalysisOptions({ stages: ['circuits', 'groundings'] }, { layerSizes: [2, 3, 3, 1], weights: [], biases: [] });
  const result = evaluateShard({ kind: 'network', experiment: 0, train: spec, analysis, checkpoints: 25 }) as NetworkShardResult;
  const msg = { type: 'shard-result' as const, v: 1 as const, planId: 'p', shardId: 'p:0', worker: 'w', durationMs: 1, stageMs: {}, result };
  const back = decodeResult(encode(msg));
  t.deepEqual(back.type === 'shard-result' && (back.result as NetworkShardResult).checkpoints, result.checkpoints);
  const bad = { ...msg, result: { ...result, checkpoints: [{ ...result.checkpoints![0]!, epoch: 0 }] } };
  t.throws(() => decodeResult(encode(bad)), { message: /checkpoints\[0\]\.epoch/ });
});
