/**
 * The probe phase of a deep network's plan: probes only where groundings are counted past two
 * hidden layers in slices, covering every output's units once; their answers gathered exactly
 * (a duplicate taken once, an old worker's answer refused); and slices planned per output from
 * the counts that assemble to the unsliced analysis.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { parseCase } from '../../shared/case/caseFile.js';
import { compileAnalysisOptions } from '../../shared/engine/options.js';
import { outputUnits } from '../../shared/engine/circuitSlices.js';
import { analyzeOutputResult, evaluateShard } from '../../shared/evaluate/evaluateShard.js';
import type { AnalysisInput } from '../../shared/engine/types.js';
import type { CircuitSliceShardResult, ShardSpec, SliceTarget } from '../../shared/wire/messages.js';
import { needsProbe, networkProbeSpecs, PROBE_MIN_GRAINS, UnitKeptCollector } from '../../coordinator/keptProbe.js';
import { networkSliceSpecs } from '../../coordinator/networkSlices.js';
import { NetworkAssembler } from '../../coordinator/networkAssembler.js';
import { randomCase } from '../helpers/randomNetwork.js';

const deepCase = parseCase(JSON.parse(readFileSync('examples/xor-3x3x3-s1.json', 'utf8')));
const target = (input: typeof deepCase.input, stages: ('circuits' | 'groundings' | 'mappings')[]): Omit<SliceTarget, 'output'> => ({
  model: input.model,
  validation: input.validation,
  grounding: input.grounding,
  gates: input.gates,
  analysis: compileAnalysisOptions({ minSparsity: 0, stages, formulaMaxDepth: 2 }, input.model),
});

test('probes only for groundings past two hidden layers in slices, covering each output\'s units once', (t) => {
  const deep = target(deepCase.input, ['circuits', 'groundings']);
  t.true(needsProbe(deep, 10_000));
  t.false(needsProbe(deep, 1e12), 'one slice: nothing to plan');
  t.false(needsProbe(deep, 20_000), 'fewer than 50 slices\' worth of candidates: the probe would cost more than it balances');
  t.true(needsProbe(deep, 812_808 / PROBE_MIN_GRAINS));
  t.false(needsProbe(target(deepCase.input, ['circuits']), 10_000), 'circuits alone: the shape is a fair estimate');
  const k4 = parseCase(JSON.parse(readFileSync('examples/xor-k4-s1.json', 'utf8'))).input;
  t.deepEqual(networkProbeSpecs(target(k4, ['circuits', 'groundings']), 10_000), [], 'two hidden layers: the states estimate holds');
  const two = randomCase(4, [2, 2, 3, 2, 2], ['XOR', 'AND'], false).input;
  const probes = networkProbeSpecs(target(two, ['circuits', 'groundings']), 30);
  const units = outputUnits([2, 2, 3, 2, 1], 0);
  for (const output of [0, 1]) {
    const mine = probes.filter((s) => s.kind === 'circuit-slice' && s.output === output);
    t.true(mine.length > 1);
    let at = 0;
    for (const s of mine) {
      if (s.kind !== 'circuit-slice') return t.fail();
      t.is(s.start, at);
      t.true(s.probe === true && s.listLimit === 0 && s.firstRows === undefined);
      t.deepEqual(s.analysis.stages, ['circuits']);
      at = s.end;
    }
    t.is(at, units);
  }
});

test('the counts gathered from the probes plan slices that assemble to the unsliced analysis; duplicates count once', async (t) => {
  const deep = target(deepCase.input, ['circuits', 'groundings']);
  const probes = networkProbeSpecs(deep, 10_000);
  const collector = new UnitKeptCollector(1, deepCase.input.model.layerSizes, 0);
  const answers = probes.map((s) => evaluateShard(s) as CircuitSliceShardResult);
  for (const r of [...answers, answers[0] as CircuitSliceShardResult]) collector.add(r);
  const [counts] = collector.counts();
  const whole = analyzeOutputResult(deepCase.input, 0, deep.analysis, 100, (_s, _o, run) => run());
  t.is(counts?.reduce((a, b) => a + b, 0), whole.kept);
  const specs = networkSliceSpecs(deep, 100, 10_000, undefined, collector.counts());
  t.notDeepEqual(
    specs.map((s) => s.kind === 'circuit-slice' && [s.start, s.end, s.firstRows]),
    networkSliceSpecs(deep, 100, 10_000).map((s) => s.kind === 'circuit-slice' && [s.start, s.end, s.firstRows]),
    'planned from the counts, not the shape',
  );
  const assembler = new NetworkAssembler(deep.gates, specs, 100);
  for (const s of specs) assembler.add(evaluateShard(s) as CircuitSliceShardResult);
  t.deepEqual(assembler.relist(), [], 'past the list limit: nothing to list again');
  await assembler.settle();
  t.deepEqual(assembler.finish(), [whole]);
  t.throws(() => networkSliceSpecs(deep, 100, 10_000, undefined, []), { message: /no probe counts for output 0/ });
});

test('an answer without counts (a worker of an older version), or a unit never answered, fails the plan with the reason', (t) => {
  const deep = target(deepCase.input, ['circuits', 'groundings']);
  const [first, ...rest] = networkProbeSpecs(deep, 10_000) as [ShardSpec, ...ShardSpec[]];
  const collector = new UnitKeptCollector(1, deepCase.input.model.layerSizes, 0);
  const { unitKept: _counts, ...old } = evaluateShard(first) as CircuitSliceShardResult;
  t.throws(() => collector.add(old), { message: /came back without kept counts per unit: a worker of an older version answered it/ });
  for (const s of rest) collector.add(evaluateShard(s) as CircuitSliceShardResult);
  t.throws(() => collector.counts(), { message: /output 0: unit 0 was not probed/ });
  t.throws(() => collector.add({ ...old, output: 1, unitKept: new Float64Array(old.end - old.start) }), { message: /a probe of output 1, of a network with 1/ });
});

/**
 * A two-output network (`input`, analysed as `net`) probed, planned from the probes' counts and assembled from its slices (and
 * the slices relisted), beside its unsliced analysis: `grain` candidates a slice, `listLimit`.
 */
async function probedAssembly(input: AnalysisInput, net: Omit<SliceTarget, 'output'>, listLimit: number, grain: number) {
  const probes = networkProbeSpecs(net, grain);
  const collector = new UnitKeptCollector(2, net.model.layerSizes, 0);
  for (const s of probes) collector.add(evaluateShard(s) as CircuitSliceShardResult);
  const counts = collector.counts();
  const specs = networkSliceSpecs(net, listLimit, grain, undefined, counts);
  const assembler = new NetworkAssembler(net.gates, specs, listLimit);
  for (const s of specs) assembler.add(evaluateShard(s) as CircuitSliceShardResult);
  for (const { shard } of assembler.relist()) assembler.add(evaluateShard(shard) as CircuitSliceShardResult);
  await assembler.settle();
  const whole = [0, 1].map((o) => analyzeOutputResult(input, o, net.analysis, listLimit, (_s, _o, run) => run()));
  return { probes: probes.length, counts, assembled: assembler.finish(), whole };
}

test('two outputs: each planned from its own counts, the assembly equal to the unsliced analysis of both', async (t) => {
  for (const seed of [4, 7, 12]) {
    const { input, threshold } = randomCase(seed, [2, 2, 3, 2, 2], ['XOR', 'AND'], seed % 2 === 0);
    const two = { ...target(input, ['circuits', 'groundings']) };
    const deep = { ...two, analysis: { ...two.analysis, accuracyThreshold: threshold } };
    const { counts, assembled, whole } = await probedAssembly(input, deep, 50, 30);
    t.deepEqual(assembled, whole, `seed ${seed}`);
    t.deepEqual(counts.map((c) => c.reduce((a, b) => a + b, 0)), whole.map((o) => o.kept));
  }
});

test('three inputs: probed whenever in slices (groundings circuit by circuit at any depth), and the probed plan assembles to the unsliced analysis', async (t) => {
  // Seed 6 keeps 301 and 2 961 circuits, seed 19 none and 2 609: the second output's list (at most 5 000) is assembled from its slices.
  for (const seed of [6, 19]) {
    const { input, threshold } = randomCase(seed, [3, 3, 3, 2], ['PARITY', 'MAJORITY'], false);
    const both = target(input, ['circuits', 'groundings']);
    const adder = { ...both, analysis: { ...both.analysis, accuracyThreshold: threshold } };
    t.true(needsProbe(adder, 30), `seed ${seed}: in slices`);
    t.false(needsProbe(adder, 1e12), 'one slice: nothing to plan');
    t.false(needsProbe(target(input, ['circuits']), 30), 'circuits alone: the shape is a fair estimate');
    const { probes, assembled, whole } = await probedAssembly(input, adder, 5000, 30);
    t.true(probes > 2);
    t.deepEqual(assembled, whole, `seed ${seed}`);
    t.true((whole[1]?.circuits?.length ?? 0) > 1000, `seed ${seed}: the second output listed`);
  }
});
