import test from 'ava';
import { Packr } from 'msgpackr';
import { decodeResult, decodeWork, encode } from '../../shared/wire/codec.js';
import { WireError } from '../../shared/wire/errors.js';
import type { ResultMessage, WorkMessage } from '../../shared/wire/messages.js';
import * as fx from './fixtures.js';

/** Packs without the codec's checks, so decode is what must catch the fault. */
const raw = new Packr({ moreTypes: true, useRecords: false, useBigIntExtension: true });
type Loose = any;
const mutated = (msg: WorkMessage | ResultMessage, change: (m: Loose) => void): Uint8Array => {
  const m = structuredClone(msg) as Loose;
  change(m);
  return raw.pack(m);
};

/** Every typed array in a decoded value is of the sent class and aligned for its element size. */
function typedArrays(v: unknown, out: ArrayBufferView[] = []): ArrayBufferView[] {
  if (ArrayBuffer.isView(v)) out.push(v);
  else if (typeof v === 'object' && v !== null) for (const x of Object.values(v)) typedArrays(x, out);
  return out;
}

const works = { network: fx.networkShard, slice: fx.sliceShard, probe: fx.probeShard, 'mapping slice': fx.mappingSliceShard };
for (const [name, make] of Object.entries(works)) {
  test(`round trip: ${name} shard`, (t) => {
    const sent = make();
    const got = decodeWork(encode(sent));
    t.deepEqual(got, sent);
    for (const a of typedArrays(got)) {
      t.true(a instanceof Float32Array, `got ${a.constructor.name}`);
      t.is(a.byteOffset % 4, 0);
    }
  });
}

const results = { network: fx.networkResult, slice: fx.sliceResult, 'summary slice': fx.summarySliceResult, probe: fx.probeResult, 'mapping slice': fx.mappingSliceResult, failed: fx.failed };
for (const [name, make] of Object.entries(results)) {
  test(`round trip: ${name} result`, (t) => {
    const sent = make();
    t.deepEqual(decodeResult(encode(sent)), sent);
  });
}

test('round trip: bigint counts stay exact and stay bigint', (t) => {
  const got = decodeResult(encode(fx.networkResult()));
  if (got.type !== 'shard-result' || got.result.kind !== 'network') return t.fail();
  const counts = got.result.analysis?.outputs[0]?.circuits?.map((c) => c.groundings);
  t.deepEqual(counts, [2n ** 80n + 1n, 0n, null]);
  t.is(typeof counts?.[1], 'bigint');
});

test('round trip: a slice distribution comes back as aligned Float64Arrays and exact bigints', (t) => {
  const bytes = encode(fx.summarySliceResult());
  const host = new Uint8Array(bytes.length + 3);
  host.set(bytes, 3);
  const got = decodeResult(host.subarray(3));
  if (got.type !== 'shard-result' || got.result.kind !== 'circuit-slice' || !got.result.groundings) return t.fail();
  const g = got.result.groundings;
  t.true(g.num instanceof Float64Array && g.numCircuits instanceof Float64Array);
  t.is(g.num.byteOffset % 8, 0);
  t.deepEqual([...g.num], [0, 3, 2 ** 70]);
  t.deepEqual(g.big, [2n ** 70n + 1n]);
});

test('a probe: its spec whole units only, its answer one safe integer a unit summing to kept, as an aligned Float64Array', (t) => {
  const got = decodeResult(encode(fx.probeResult()));
  if (got.type !== 'shard-result' || got.result.kind !== 'circuit-slice' || !got.result.unitKept) return t.fail();
  t.true(got.result.unitKept instanceof Float64Array);
  t.is(got.result.unitKept.byteOffset % 8, 0);
  const bad: [string, (m: Loose) => void, RegExp][] = [
    ['a part of a unit', (m) => ((m.spec.firstRows = [0, 2]), (m.spec.end = m.spec.start + 1)), /spec\.firstRows: expected absent in a probe/],
    ['probe false', (m) => (m.spec.probe = false), /spec\.probe: expected true or absent/],
  ];
  for (const [what, change, message] of bad) t.throws(() => decodeWork(mutated(fx.probeShard(), change)), { instanceOf: WireError, message }, what);
  const wrong: [string, (m: Loose) => void, RegExp][] = [
    ['too few units', (m) => (m.result.unitKept = Float64Array.of(0, 2 ** 40, 3)), /unitKept: expected 4 entries/],
    ['a fraction', (m) => (m.result.unitKept = Float64Array.of(0, 2 ** 40, 2.5, 0.5)), /unitKept\[2\]: expected a non-negative safe integer/],
    ['not summing to kept', (m) => (m.result.kept = 3), /unitKept: expected entries summing to kept \(3\)/],
    ['a plain array', (m) => (m.result.unitKept = [0, 2 ** 40, 3, 0]), /unitKept: expected a Float64Array/],
  ];
  for (const [what, change, message] of wrong) t.throws(() => decodeResult(mutated(fx.probeResult(), change)), { instanceOf: WireError, message }, what);
});

test('a study\'s probe: a network shard with probe needs split; its trained result carries one Float64Array of counts per output', (t) => {
  const spec = mutated(fx.networkShard(), (m) => ((m.spec.split = true), (m.spec.probe = true)));
  const got = decodeWork(spec);
  t.true(got.spec.kind === 'network' && got.spec.probe === true);
  t.throws(() => decodeWork(mutated(fx.networkShard(), (m) => (m.spec.probe = true))), { instanceOf: WireError, message: /spec\.probe: expected absent or false without split/ });
  const trained = mutated(fx.networkResult(), (m) => ((m.result.analysis = null), (m.result.unitKept = [Float64Array.of(0, 4, 2 ** 40)])));
  const r = decodeResult(trained);
  if (r.type !== 'shard-result' || r.result.kind !== 'network' || !r.result.unitKept) return t.fail();
  t.true(r.result.unitKept[0] instanceof Float64Array);
  const wrong: [string, unknown, RegExp][] = [
    ['two arrays for one output', [Float64Array.of(1), Float64Array.of(2)], /result\.unitKept: expected 1 arrays \(one per output\)/],
    ['a negative count', [Float64Array.of(1, -1)], /result\.unitKept\[0\]\[1\]: expected a non-negative safe integer/],
    ['a plain array', [[1, 2]], /result\.unitKept\[0\]: expected a Float64Array/],
  ];
  for (const [what, v, message] of wrong) t.throws(() => decodeResult(mutated(fx.networkResult(), (m) => (m.result.unitKept = v))), { instanceOf: WireError, message }, what);
});

test('decode: a network output distribution stored by an earlier version (bigint values) comes back packed', (t) => {
  const sent = fx.networkResult();
  const legacy = mutated(sent, (m) => {
    m.result.analysis.outputs[0].groundings = { values: [0n, 2n ** 80n + 1n], circuits: [1, 1], total: 2n ** 80n + 1n, uncounted: 1 };
  });
  t.deepEqual(decodeResult(legacy), sent);
  const unordered = mutated(sent, (m) => {
    m.result.analysis.outputs[0].groundings = { values: [3n, 2n], circuits: [1, 1], total: 5n, uncounted: 0 };
  });
  t.throws(() => decodeResult(unordered), { instanceOf: WireError, message: /groundings\.values\[1\].*strictly ascending/ });
});

test('decode: typed arrays are aligned even when the bytes sit at an odd offset', (t) => {
  const bytes = encode(fx.sliceShard());
  const host = new Uint8Array(bytes.length + 3);
  host.set(bytes, 3);
  const got = decodeWork(host.subarray(3));
  if (got.spec.kind !== 'circuit-slice') return t.fail();
  const w = got.spec.model.weights[0];
  t.true(w instanceof Float32Array);
  t.is((w?.byteOffset ?? 1) % 4, 0);
  t.deepEqual(w, fx.model().weights[0]);
});

const rejects = (name: string, bytes: () => Uint8Array, message: string | RegExp, decode = decodeWork as (b: Uint8Array) => unknown) => {
  test(`decode rejects: ${name}`, (t) => {
    t.throws(() => decode(bytes()), { instanceOf: WireError, message });
  });
};

rejects('negative start', () => mutated(fx.sliceShard(), (m) => (m.spec.start = -1)),
  'shard.spec.start: expected a non-negative integer, got -1');
rejects('end before start', () => mutated(fx.sliceShard(), (m) => (m.spec.end = 50)),
  'shard.spec.end: expected an integer >= start (100), got 50');
rejects('first rows over more than one unit', () => mutated(fx.sliceShard(), (m) => (m.spec.firstRows = [0, 3])),
  'shard.spec.end: expected start + 1 (a part is of one unit), got 200');
rejects('first rows that are not a range', () => mutated(fx.sliceShard(), (m) => ((m.spec.end = 101), (m.spec.firstRows = [3, 3]))),
  'shard.spec.firstRows: expected two option indices [from, to) with from < to, got an array of length 2');
rejects('a negative first row', () => mutated(fx.sliceShard(), (m) => ((m.spec.end = 101), (m.spec.firstRows = [-1, 3]))),
  'shard.spec.firstRows[0]: expected a non-negative integer, got -1');
test('a part of a unit round-trips, spec and result', (t) => {
  const part = fx.sliceShard();
  const spec = { ...part.spec, end: 101, firstRows: [2, 5] as const };
  const got = decodeWork(encode({ ...part, spec }));
  if (got.spec.kind !== 'circuit-slice') return t.fail();
  t.deepEqual(got.spec.firstRows, [2, 5]);
});
rejects('a negative work estimate', () => mutated(fx.sliceShard(), (m) => (m.spec.work = -1)),
  'shard.spec.work: expected a non-negative number, got -1');
rejects('unknown message type', () => mutated(fx.sliceShard(), (m) => (m.type = 'bogus')),
  'message.type: expected "shard", got "bogus"');
rejects('a work message where a result is expected', () => encode(fx.networkShard()),
  'message.type: expected one of "shard-result", "shard-failed", got "shard"', decodeResult);
rejects('wrong version', () => mutated(fx.networkShard(), (m) => (m.v = 2)), 'shard.v: expected 1, got 2');
rejects('wrong result version', () => mutated(fx.failed(), (m) => (m.v = 0)), 'shard-failed.v: expected 1, got 0', decodeResult);
rejects('garbage bytes', () => new Uint8Array([0x92, 0x01]), /^message: not valid msgpack \(/);
rejects('trailing garbage', () => new Uint8Array([0x80, 0x80]), /^message: not valid msgpack \(/);
rejects('empty bytes', () => new Uint8Array(0), 'message: expected non-empty msgpack bytes, got 0 bytes');
rejects('a non-object', () => raw.pack([1, 2]), 'message: expected an object, got an array of length 2');
rejects('shard id not derived from plan and index', () => mutated(fx.sliceShard(), (m) => (m.shardId = 'plan-a:4')),
  'shard.shardId: expected "plan-a:3", got "plan-a:4"');
rejects('weights of the wrong length', () => mutated(fx.sliceShard(), (m) => (m.spec.model.weights[0] = new Float32Array(5))),
  'shard.spec.model.weights[0]: expected a Float32Array of length 6, got length 5');
rejects('weights as Float64Array', () => mutated(fx.sliceShard(), (m) => (m.spec.model.weights[1] = new Float64Array(3))),
  'shard.spec.model.weights[1]: expected a Float32Array, got a Float64Array of 24 bytes');
rejects('a NaN bias', () => mutated(fx.sliceShard(), (m) => (m.spec.model.biases[1][0] = NaN)),
  'shard.spec.model.biases[1][0]: expected a finite number, got NaN');
rejects('layerSizes inconsistent with weights', () => mutated(fx.sliceShard(), (m) => m.spec.model.layerSizes.splice(1, 0, 3)),
  'shard.spec.model.weights: expected 3 matrices (layerSizes.length - 1), got an array of length 2');
rejects('output layer not one per gate', () => mutated(fx.sliceShard(), (m) => (m.spec.gates = ['XOR', 'AND'])),
  'shard.spec.model.layerSizes: expected 2 outputs (one per gate), got 1');
rejects('dataset x of the wrong size', () => mutated(fx.sliceShard(), (m) => (m.spec.validation.n = 5)),
  'shard.spec.validation.x: expected a Float32Array of length 10, got length 8');
rejects('dataset input width not the model\'s', () => mutated(fx.sliceShard(), (m) => {
  m.spec.grounding.nIn = 1;
  m.spec.grounding.x = new Float32Array(4);
}), 'shard.spec.grounding.nIn: expected 2 (the model\'s input width), got 1');
rejects('an unknown gate', () => mutated(fx.networkShard(), (m) => (m.spec.train.gates = ['XNOR'])),
  /^shard\.spec\.train\.gates\[0\]: expected a gate name \(AND, \.\.\., PARITY or tt:<outputs>\), got "XNOR"$/);
rejects('gates of two arities in one network', () => mutated(fx.networkShard(), (m) => (m.spec.train.gates = ['XOR', 'PARITY'])),
  'shard.spec.train.gates: expected gates of one arity (one input width per network), got "XOR,PARITY"');
rejects('a model whose inputs are not the gates\' arity', () => mutated(fx.sliceShard(), (m) => (m.spec.gates = ['PARITY'])),
  'shard.spec.model.layerSizes[0]: expected 3 inputs (the gates\' arity), got 2');
rejects('minSparsity out of range', () => mutated(fx.networkShard(), (m) => (m.spec.analysis.minSparsity = 1.5)),
  'shard.spec.analysis.minSparsity: expected a number in [0, 1], got 1.5');
rejects('duplicate stages', () => mutated(fx.networkShard(), (m) => (m.spec.analysis.stages = ['circuits', 'circuits'])),
  'shard.spec.analysis.stages: expected distinct stages, got an array of length 2');
rejects('an unknown iiaPairs mode', () => mutated(fx.networkShard(), (m) => (m.spec.analysis.iiaPairs = 'some')),
  'shard.spec.analysis.iiaPairs: expected one of "lexicographic", "all-pairs", got "some"');
rejects('a zero batch size', () => mutated(fx.networkShard(), (m) => (m.spec.train.batchSize = 0)),
  'shard.spec.train.batchSize: expected a positive integer, got 0');
rejects('a missing train field', () => mutated(fx.networkShard(), (m) => delete m.spec.train.skewed),
  'shard.spec.train.skewed: expected a boolean, got nothing');
rejects('groundings as a float', () => mutated(fx.sliceResult(), (m) => (m.result.circuits[0].groundings = 5)),
  'shard-result.result.circuits[0].groundings: expected a non-negative bigint or null, got 5', decodeResult);
rejects('slice counts out of order', () => mutated(fx.summarySliceResult(), (m) => (m.result.groundings.num = Float64Array.of(0, 2 ** 70, 3))),
  'shard-result.result.groundings.num[2]: expected strictly ascending counts, got 3', decodeResult);
rejects('a slice count that float64 holds among the bigints', () => mutated(fx.summarySliceResult(), (m) => (m.result.groundings.big = [2n ** 71n])),
  'shard-result.result.groundings.big[0]: expected a count that float64 does not hold exactly (those go in num), got 2361183241434822606848n', decodeResult);
rejects('slice counts as a plain array', () => mutated(fx.summarySliceResult(), (m) => (m.result.groundings.num = [0, 3, 2 ** 70])),
  'shard-result.result.groundings.num: expected a Float64Array, got an array of length 3', decodeResult);
rejects('a fractional number of circuits', () => mutated(fx.summarySliceResult(), (m) => (m.result.groundings.numCircuits = Float64Array.of(2e10, 0.5, 2e10))),
  'shard-result.result.groundings.numCircuits[1]: expected a positive safe integer, got 0.5', decodeResult);
rejects('a mask that is not 0/1', () => mutated(fx.sliceResult(), (m) => (m.result.circuits[0].node_masks[1][0] = 2)),
  'shard-result.result.circuits[0].node_masks[1][0]: expected 0 or 1, got 2', decodeResult);
test('round trip: a mapping slice whose formulas are counted, not listed, and its spec with a list bound', (t) => {
  const sent = mutated(fx.mappingSliceResult(), (m) => (m.result.part.formulas = [{ formula: '(A+B)', minimal_mappings: null, mappings_count: 7_534_201 }]));
  t.deepEqual(decodeResult(sent), decodeResult(encode(decodeResult(sent))));
  t.is((decodeResult(sent) as { result: { part: { formulas: { mappings_count: number }[] } } }).result.part.formulas[0]?.mappings_count, 7_534_201);
  const spec = mutated(fx.mappingSliceShard(), (m) => (m.spec.listBound = 62_500));
  t.is((decodeWork(spec) as { spec: { listBound: number } }).spec.listBound, 62_500);
});
rejects('a counted formula without its count', () => mutated(fx.mappingSliceResult(), (m) => (m.result.part.formulas[0].minimal_mappings = null)),
  'shard-result.result.part.formulas[0].mappings_count: expected a positive integer, got nothing', decodeResult);
rejects('a listed formula with a count beside', () => mutated(fx.mappingSliceResult(), (m) => (m.result.part.formulas[0].mappings_count = 1)),
  'shard-result.result.part.formulas[0].mappings_count: expected absent while minimal_mappings is listed, got 1', decodeResult);
rejects('a negative list bound', () => mutated(fx.mappingSliceShard(), (m) => (m.spec.listBound = -1)),
  'shard.spec.listBound: expected a non-negative integer, got -1');
rejects('a delivery count of 0', () => mutated(fx.sliceResult(), (m) => (m.delivery = 0)),
  'shard-result.delivery: expected a positive integer, got 0', decodeResult);
rejects('a failure without retryable', () => mutated(fx.failed(), (m) => delete m.retryable),
  'shard-failed.retryable: expected a boolean, got nothing', decodeResult);

test('encode checks too, so a bad message fails at the sender', (t) => {
  const bad = structuredClone(fx.sliceShard()) as Loose;
  bad.spec.start = -1;
  t.throws(() => encode(bad), { instanceOf: WireError, message: 'shard.spec.start: expected a non-negative integer, got -1' });
});

test('WireError is not retryable', (t) => {
  const err = t.throws(() => decodeWork(new Uint8Array([0x92, 0x01])), { instanceOf: WireError });
  t.is(err?.name, 'WireError');
  t.false(err?.retryable);
  t.truthy(err?.cause, 'the msgpackr error is chained');
});

test('encode: every message in a buffer of its own size, also after a large one', (t) => {
  // msgpackr writes into one buffer it keeps and grows; postMessage clones a view's whole buffer.
  const n = 1_000_000;
  const base = fx.summarySliceResult();
  if (base.result.kind !== 'circuit-slice') return t.fail();
  const num = Float64Array.from({ length: n }, (_, i) => i);
  const large = { ...base, result: { ...base.result, kept: n, groundings: { num, numCircuits: new Float64Array(n).fill(1), big: [], bigCircuits: [], total: BigInt((n * (n - 1)) / 2), uncounted: 0 } } };
  for (const msg of [fx.networkShard(), large, fx.sliceShard(), fx.sliceResult()]) {
    const bytes = encode(msg);
    t.is(bytes.byteOffset, 0);
    t.is(bytes.buffer.byteLength, bytes.length);
  }
  const back = decodeResult(encode(large));
  t.deepEqual(back.type === 'shard-result' && back.result.kind === 'circuit-slice' ? back.result.kept : null, n);
});

test('a slice under criteria: its spec carries only criteria that judge each circuit and may ask for kept counts per unit; its answer says how many were valid, at least kept', (t) => {
  const judged = mutated(fx.sliceShard(), (m) => ((m.spec.criteria = 'faithful:0.05,mean-ablation'), (m.spec.unitKept = true)));
  const got = decodeWork(judged);
  t.true(got.spec.kind === 'circuit-slice' && got.spec.criteria === 'faithful:0.05,mean-ablation' && got.spec.unitKept === true);
  const bad: [string, (m: Loose) => void, RegExp][] = [
    ['minimal-circuits', (m) => (m.spec.criteria = 'minimal-circuits'), /spec\.criteria: expected criteria that judge each circuit alone \(faithful, mean-ablation\)/],
    ['a mapping criterion', (m) => (m.spec.criteria = 'faithful,joint-iia'), /spec\.criteria: expected criteria that judge each circuit alone/],
    ['none', (m) => (m.spec.criteria = ''), /spec\.criteria: expected criteria that judge each circuit alone/],
    ['an unknown one', (m) => (m.spec.criteria = 'faithfull'), /spec\.criteria: expected criteria names/],
    ['in a probe', (m) => ((m.spec.criteria = 'faithful'), (m.spec.start = 4), (m.spec.end = 8), (m.spec.probe = true)), /spec\.criteria: expected absent in a probe/],
    ['unitKept false', (m) => (m.spec.unitKept = false), /spec\.unitKept: expected true or absent/],
  ];
  for (const [what, change, message] of bad) t.throws(() => decodeWork(mutated(fx.sliceShard(), change)), { instanceOf: WireError, message }, what);
  const answer = mutated(fx.sliceResult(), (m) => ((m.result.valid = 7), (m.result.unitKept = new Float64Array(100)), (m.result.unitKept[3] = 1)));
  const r = decodeResult(answer);
  t.true(r.type === 'shard-result' && r.result.kind === 'circuit-slice' && r.result.valid === 7 && r.result.unitKept?.[3] === 1);
  t.throws(() => decodeResult(mutated(fx.sliceResult(), (m) => (m.result.valid = 0))), { instanceOf: WireError, message: /result\.valid: expected at least kept \(1\)/ });
  t.throws(() => decodeResult(mutated(fx.sliceResult(), (m) => (m.result.valid = 1.5))), { instanceOf: WireError, message: /result\.valid: expected a non-negative integer/ });
});

test('a study\'s slice counted under criteria: countUnder holds faithful and mean-ablation texts only; countedUnder comes back as aligned typed arrays whose hosts sum to each count', (t) => {
  const spec = mutated(fx.sliceShard(), (m) => (m.spec.countUnder = ['faithful:0.1', 'mean-ablation', 'faithful:0.1,mean-ablation']));
  const got = decodeWork(spec);
  t.true(got.spec.kind === 'circuit-slice' && got.spec.countUnder?.length === 3);
  for (const [what, change, message] of [
    ['a mapping criterion', (m: Loose) => (m.spec.countUnder = ['consistent']), /spec\.countUnder\[0\]: expected criteria that judge each circuit alone/],
    ['beside criteria', (m: Loose) => ((m.spec.countUnder = ['faithful']), (m.spec.criteria = 'faithful')), /spec\.countUnder: expected absent with criteria or in a probe/],
  ] as const) t.throws(() => decodeWork(mutated(fx.sliceShard(), change)), { instanceOf: WireError, message }, what);
  const under = { kept: 1, groundingsTotal: 2n ** 70n, hostMasks: Uint32Array.of(3, 5), hostCircuits: Float64Array.of(1) };
  const r = decodeResult(mutated(fx.sliceResult(), (m) => (m.result.countedUnder = [under, { ...under, kept: 0, groundingsTotal: 0n, hostMasks: new Uint32Array(0), hostCircuits: new Float64Array(0) }])));
  if (r.type !== 'shard-result' || r.result.kind !== 'circuit-slice' || !r.result.countedUnder) return t.fail();
  const first = r.result.countedUnder[0];
  t.true(first?.hostMasks instanceof Uint32Array && first.hostMasks.byteOffset % 4 === 0 && first.hostCircuits instanceof Float64Array);
  t.is(first?.groundingsTotal, 2n ** 70n);
  for (const [what, bad, message] of [
    ['more than the slice kept', { ...under, kept: 2, hostCircuits: Float64Array.of(2) }, /countedUnder\[0\]\.kept: expected at most the slice's kept \(1\)/],
    ['hosts not summing', { ...under, hostCircuits: Float64Array.of(0) }, /countedUnder\[0\]\.hostCircuits: expected entries summing to kept \(1\)/],
    ['masks not a multiple', { ...under, hostMasks: Uint32Array.of(3), hostCircuits: Float64Array.of(0, 1) }, /countedUnder\[0\]\.hostMasks: expected the same number of masks for each of 2 groups/],
    ['a plain array', { ...under, hostMasks: [3, 5] }, /countedUnder\[0\]\.hostMasks: expected a Uint32Array/],
  ] as const) t.throws(() => decodeResult(mutated(fx.sliceResult(), (m) => (m.result.countedUnder = [bad]))), { instanceOf: WireError, message }, what);
});

test('a slice\'s list packed: the spec asks for it; the answer\'s words come back as an aligned Uint32Array with one grounding (or null) per kept circuit, circuits null beside them', (t) => {
  const asked = decodeWork(mutated(fx.sliceShard(), (m) => (m.spec.packedList = true)));
  t.true(asked.spec.kind === 'circuit-slice' && asked.spec.packedList === true);
  t.throws(() => decodeWork(mutated(fx.sliceShard(), (m) => (m.spec.packedList = false))), { instanceOf: WireError, message: /spec\.packedList: expected true or absent/ });
  const packed = (m: Loose, words: unknown, groundings: unknown[]): void => {
    m.result.circuits = null;
    m.result.kept = groundings.length;
    m.result.packed = { words, groundings };
  };
  const got = decodeResult(mutated(fx.sliceResult(), (m) => packed(m, Uint32Array.of(1, 2, 3, 4, 5, 6), [7n, null])));
  if (got.type !== 'shard-result' || got.result.kind !== 'circuit-slice' || !got.result.packed) return t.fail();
  t.true(got.result.packed.words instanceof Uint32Array);
  t.deepEqual([...got.result.packed.words], [1, 2, 3, 4, 5, 6]);
  t.deepEqual(got.result.packed.groundings, [7n, null]);
  t.is(got.result.circuits, null);
  const unlisted = decodeResult(mutated(fx.sliceResult(), (m) => ((m.result.circuits = null), (m.result.packed = null))));
  t.true(unlisted.type === 'shard-result' && unlisted.result.kind === 'circuit-slice' && unlisted.result.packed === null);
  const bad: [string, (m: Loose) => void, RegExp][] = [
    ['words as a plain array', (m) => packed(m, [1, 2, 3], [1n]), /result\.packed\.words: expected a Uint32Array/],
    ['a grounding per circuit', (m) => ((m.result.circuits = null), (m.result.packed = { words: Uint32Array.of(1, 2), groundings: [1n, 2n] })), /result\.packed\.groundings: expected 1 entries \(kept\), got 2/],
    ['words that do not split evenly', (m) => packed(m, Uint32Array.of(1, 2, 3), [1n, 2n]), /result\.packed\.words: expected a positive multiple of 2 words \(one stride per listed circuit\), got 3/],
    ['no words for kept circuits', (m) => packed(m, new Uint32Array(0), [1n]), /result\.packed\.words: expected a positive multiple of 1 words \(one stride per listed circuit\), got 0/],
    ['a negative grounding', (m) => packed(m, Uint32Array.of(1), [-1n]), /result\.packed\.groundings\[0\]: expected a non-negative bigint/],
    ['records beside it', (m) => (m.result.packed = { words: Uint32Array.of(1), groundings: [5n] }), /result\.circuits: expected null beside a packed list/],
  ];
  for (const [what, change, message] of bad) t.throws(() => decodeResult(mutated(fx.sliceResult(), change)), { instanceOf: WireError, message }, what);
});

test('a slice\'s minimal circuits alone: the spec asks with minimalList; the answer, marked minimal, lists one to kept circuits, packed or as records', (t) => {
  const asked = decodeWork(mutated(fx.sliceShard(), (m) => ((m.spec.packedList = true), (m.spec.minimalList = true))));
  t.true(asked.spec.kind === 'circuit-slice' && asked.spec.minimalList === true);
  t.throws(() => decodeWork(mutated(fx.sliceShard(), (m) => (m.spec.minimalList = 1))), { instanceOf: WireError, message: /spec\.minimalList: expected true or absent/ });
  const cut = (m: Loose, n: number): void => {
    m.result.kept = 3;
    m.result.circuits = null;
    m.result.minimal = true;
    m.result.packed = { words: new Uint32Array(2 * n), groundings: Array.from({ length: n }, () => null) };
  };
  const got = decodeResult(mutated(fx.sliceResult(), (m) => cut(m, 1)));
  t.true(got.type === 'shard-result' && got.result.kind === 'circuit-slice' && got.result.minimal === true && got.result.packed?.groundings.length === 1);
  const records = decodeResult(mutated(fx.sliceResult(), (m) => ((m.result.kept = 4), (m.result.minimal = true))));
  t.true(records.type === 'shard-result' && records.result.kind === 'circuit-slice' && records.result.circuits?.length === 1, 'records cut too');
  const bad: [string, (m: Loose) => void, RegExp][] = [
    ['more than kept', (m) => cut(m, 4), /result\.packed\.groundings: expected 1 to 3 circuits \(the slice's minimal ones among those kept\), got 4/],
    ['none of kept', (m) => cut(m, 0), /result\.packed\.groundings: expected 1 to 3 circuits/],
    ['records past kept', (m) => ((m.result.kept = 0), (m.result.minimal = true)), /result\.circuits: expected no circuits \(none kept\), got 1/],
    ['minimal false', (m) => (m.result.minimal = false), /result\.minimal: expected true or absent/],
  ];
  for (const [what, change, message] of bad) t.throws(() => decodeResult(mutated(fx.sliceResult(), change)), { instanceOf: WireError, message }, what);
});
