/** Small literal wire messages, one per kind, valid as written; tests mutate copies. */
import type { AnalysisOptions, Dataset, NetworkModel } from '../../shared/engine/types.js';
import type { TrainSpec } from '../../shared/train/types.js';
import type { ShardFailedMessage, ShardMessage, ShardResultMessage } from '../../shared/wire/messages.js';

/** [2, 3, 1]: weights row-major [out][in]. */
export const model = (): NetworkModel => ({
  layerSizes: [2, 3, 1],
  weights: [new Float32Array([0.5, -1, 1.25, 2, -0.75, 0.1]), new Float32Array([1, -1, 0.5])],
  biases: [new Float32Array([0, 0.25, -0.5]), new Float32Array([0.125])],
});

export const dataset = (nOut: number): Dataset => ({
  n: 4,
  nIn: 2,
  nOut,
  x: new Float32Array([0, 0, 0, 1, 1, 0, 1, 1]),
  y: new Float32Array(Array.from({ length: 4 * nOut }, (_, i) => i % 2)),
});

export const analysis = (): AnalysisOptions => ({
  minSparsity: 0,
  accuracyThreshold: 1,
  formulaMaxDepth: 3,
  iiaPairs: 'lexicographic',
  stages: ['circuits', 'groundings', 'mappings'],
  maxCircuits: null,
});

export const train = (): TrainSpec => ({
  gates: ['XOR'],
  hidden: [3],
  seed: 42,
  learningRate: 0.001,
  lossTarget: 0.01,
  noiseStd: 0,
  skewed: false,
  maxEpochs: 1000,
  batchSize: 100,
  trainRepeats: 1000,
  validationRepeats: 50,
  groundingRepeats: 10,
  weightDecay: 0.01,
  patience: 3,
});

export const networkShard = (): ShardMessage => ({
  type: 'shard',
  v: 1,
  planId: 'plan-a',
  shardId: 'plan-a:0',
  index: 0,
  spec: { kind: 'network', experiment: 7, train: train(), analysis: analysis() },
});

export const sliceShard = (): ShardMessage => ({
  type: 'shard',
  v: 1,
  planId: 'plan-a',
  shardId: 'plan-a:3',
  index: 3,
  spec: {
    kind: 'circuit-slice',
    model: model(),
    validation: dataset(1),
    grounding: dataset(0),
    gates: ['XOR'],
    output: 0,
    start: 100,
    end: 200,
    analysis: analysis(),
    listLimit: 100_000,
  },
});

export const mappingSliceShard = (): ShardMessage => ({
  type: 'shard',
  v: 1,
  planId: 'plan-a',
  shardId: 'plan-a:4',
  index: 4,
  spec: { kind: 'mapping-slice', model: model(), gates: ['XOR'], output: 0, slice: 0, of: 1, analysis: analysis() },
});

const circuit = (groundings: bigint | null) => ({
  node_masks: [[1, 1], [1, 0, 1], [1]],
  edge_masks: [[[1, 0], [0, 1], [1, 1]], [[1, 0, 1]]],
  groundings,
});

export const networkResult = (): ShardResultMessage => ({
  type: 'shard-result',
  v: 1,
  planId: 'plan-a',
  shardId: 'plan-a:0',
  worker: 'w-1',
  durationMs: 12.5,
  stageMs: { train: 100, circuits: 5.5 },
  result: {
    kind: 'network',
    experiment: 7,
    training: { finalLoss: 0.009, epochs: 40, validationAccuracy: 1, converged: true, patternWeights: null },
    model: model(),
    analysis: {
      outputs: [{
        gate: 'XOR',
        candidates: 3000,
        kept: 3,
        groundings: { num: Float64Array.of(0), numCircuits: Float64Array.of(1), big: [2n ** 80n + 1n], bigCircuits: [1], total: 2n ** 80n + 1n, uncounted: 1 },
        // Exact counts beyond 2^64 must survive the trip.
        circuits: [circuit(2n ** 80n + 1n), circuit(0n), circuit(null)],
        formulas_checked: 88,
        formulas: [{ formula: '(A+B)', minimal_mappings: [{ 'A+B 4': { '1': [0, 2] } }] }],
      }],
    },
    data: { validation: dataset(1), grounding: dataset(0) },
    candidates: 3000,
  },
});

export const sliceResult = (): ShardResultMessage => ({
  type: 'shard-result',
  v: 1,
  planId: 'plan-a',
  shardId: 'plan-a:3',
  worker: 'w-2',
  delivery: 2,
  durationMs: 3,
  stageMs: {},
  result: { kind: 'circuit-slice', output: 0, start: 100, end: 200, candidates: 100, kept: 1, groundings: { num: Float64Array.of(5), numCircuits: Float64Array.of(1), big: [], bigCircuits: [], total: 5n, uncounted: 0 }, circuits: [circuit(5n)] },
});

/** A slice past the list limit: the summary only. */
export const summarySliceResult = (): ShardResultMessage => ({
  type: 'shard-result',
  v: 1,
  planId: 'plan-a',
  shardId: 'plan-a:5',
  worker: 'w-2',
  durationMs: 3,
  stageMs: {},
  result: { kind: 'circuit-slice', output: 0, start: 0, end: 9, candidates: 10 ** 12, kept: 6.2e10, groundings: {
      num: Float64Array.of(0, 3, 2 ** 70),
      numCircuits: Float64Array.of(2e10, 2.2e10, 2e10),
      big: [2n ** 70n + 1n],
      bigCircuits: [7],
      total: 66000000000n + 2n ** 70n * 20000000000n + (2n ** 70n + 1n) * 7n,
      uncounted: 0,
    },
    circuits: null,
  },
});

/** A probe of units [4, 8): the circuit search alone, its kept circuits per unit. */
export const probeShard = (): ShardMessage => {
  const m = sliceShard();
  if (m.spec.kind !== 'circuit-slice') throw new TypeError('a slice shard');
  return { ...m, spec: { ...m.spec, start: 4, end: 8, analysis: { ...analysis(), stages: ['circuits'] }, listLimit: 0, probe: true } };
};

export const probeResult = (): ShardResultMessage => ({
  type: 'shard-result',
  v: 1,
  planId: 'plan-a',
  shardId: 'plan-a:1',
  worker: 'w-1',
  durationMs: 3,
  stageMs: { circuits: 2 },
  result: { kind: 'circuit-slice', output: 0, start: 4, end: 8, candidates: 400, kept: 2 ** 40 + 3, groundings: null, circuits: null, unitKept: Float64Array.of(0, 2 ** 40, 3, 0) },
});

export const mappingSliceResult = (): ShardResultMessage => ({
  type: 'shard-result',
  v: 1,
  planId: 'plan-a',
  shardId: 'plan-a:4',
  worker: 'w-1',
  durationMs: 3,
  stageMs: { mappings: 2 },
  result: { kind: 'mapping-slice', output: 0, slice: 0, of: 1, part: { index: 0, of: 1, gateTable: 6, maxDepth: 3, mode: 'lexicographic', start: 0, end: 88, candidates: 88, formulasChecked: 88, formulas: [{ formula: '(A+B)', minimal_mappings: [{ 'A+B 4': { '1': [0, 2] } }] }] } },
});

export const failed = (): ShardFailedMessage => ({
  type: 'shard-failed',
  v: 1,
  planId: 'plan-a',
  shardId: 'plan-a:3',
  code: 'WIRE_INVALID',
  message: 'shard.spec.start: expected a non-negative integer, got -1',
  retryable: false,
});
