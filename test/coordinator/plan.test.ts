import test from 'ava';
import { makePlan, planIdOf } from '../../coordinator/plan.js';
import { presets } from '../../coordinator/presets.js';
import { compileStudyOptions, paperSparsity, StudyConfigError } from '../../coordinator/studyOptions.js';

test('the plan id depends on the settings only, not on their order', (t) => {
  const a = compileStudyOptions({ gates: ['XOR'], sizes: [3], experiments: 5 });
  const b = compileStudyOptions({ experiments: 5, sizes: [3], gates: ['XOR'] });
  t.is(planIdOf(a), planIdOf(b));
  t.not(planIdOf(a), planIdOf(compileStudyOptions({ gates: ['XOR'], sizes: [3], experiments: 6 })));
});

test('every preset compiles and plans', (t) => {
  const counts: Record<string, number> = {};
  for (const p of presets.filter((x) => x.kind === undefined)) counts[p.name] = makePlan(p.name, compileStudyOptions(p.options)).networks.length;
  t.deepEqual(counts, { basic: 100, multitask: 600, gates: 400, size: 400, noise: 100, skew: 100, 'loss-target': 600, growth: 70, criteria: 100, discovery: 100, l1: 400, l2: 400, dropout: 400 });
});

test('criteria: the basic study with every criterion on each network, and the same criteria give the same plan whatever their order', (t) => {
  const p = presets.find((x) => x.name === 'criteria')!;
  const plan = makePlan(p.name, compileStudyOptions(p.options));
  t.true(plan.networks.every((n) => n.criteria === 'minimal-circuits,faithful:0.1,mean-ablation,all-pairs-iia,joint-iia,consistent'));
  const a = compileStudyOptions({ criteria: 'consistent,minimal-circuits' });
  t.is(planIdOf(a), planIdOf(compileStudyOptions({ criteria: 'minimal-circuits, consistent' })));
  t.not(planIdOf(a), planIdOf(compileStudyOptions({})));
  t.throws(() => compileStudyOptions({ criteria: 'minimal' }), { message: /^criteria: unknown criterion 'minimal'/ });
});

test('growth: widths 2-6 at depth 2 and depths 2-4 at width 3, unfiltered; the large networks run as slices', (t) => {
  const p = presets.find((x) => x.name === 'growth');
  if (!p) return t.fail();
  const plan = makePlan('growth', compileStudyOptions({ ...p.options, experiments: 1 }));
  t.deepEqual(plan.networks.map((n) => [n.train.hidden[0], n.train.hidden.length]), [[2, 2], [3, 2], [4, 2], [5, 2], [6, 2], [3, 3], [3, 4]]);
  t.true(plan.networks.every((n) => n.analysis.minSparsity === 0));
  t.deepEqual(plan.networks.map((n) => n.split === true), [false, false, false, true, true, false, true]);
  // Its depth 4 (2.3e8 candidates) is under 50 slices' worth: planned by shape, not probed.
  t.true(plan.networks.every((n) => n.probe === undefined));
  const deeper = makePlan('custom', compileStudyOptions({ gates: ['XOR'], sizes: [4], depths: [2, 3], experiments: 1, minSparsity: 0 }));
  t.deepEqual(deeper.networks.map((n) => [n.split === true, n.probe === true]), [[false, false], [true, true]], 'XOR [2, 4, 4, 4, 1] (4.4e10) is probed by its training shard');
  // Formulas of a 4-hidden-layer network are capped at the engine's deepest, 4.
  t.deepEqual(plan.networks.map((n) => n.analysis.formulaMaxDepth), [3, 3, 3, 3, 3, 4, 4]);
});

test('size study uses the paper\'s sparsity filter per width and formula depth hidden + 1', (t) => {
  const plan = makePlan('size', compileStudyOptions({ sizes: [2, 3, 4, 5], experiments: 1 }));
  t.deepEqual(plan.networks.map((n) => n.analysis.minSparsity), [0, 0, 0.2, 0.3]);
  t.deepEqual(plan.networks.map((n) => paperSparsity(n.train.hidden[0] as number)), [0, 0, 0.2, 0.3]);
  t.true(plan.networks.every((n) => n.analysis.formulaMaxDepth === 3));
});

test('multi-task gates are drawn without replacement, the same every time', (t) => {
  const config = compileStudyOptions({ gates: ['AND', 'OR', 'IMP', 'NAND', 'NOR', 'NIMP', 'XOR'], nGates: [3], experiments: 20 });
  const a = makePlan('multitask', config).networks.map((n) => n.train.gates.join(','));
  const b = makePlan('multitask', config).networks.map((n) => n.train.gates.join(','));
  t.deepEqual(a, b);
  for (const g of a) t.is(new Set(g.split(',')).size, 3);
  t.true(new Set(a).size > 5, 'draws vary across experiments');
});

test('bad study settings are rejected with the field named', (t) => {
  t.throws(() => compileStudyOptions({ gates: ['XOR'], nGates: [2] }), { instanceOf: StudyConfigError, message: 'n-gates must be integers in [1, 1], got 2' });
  t.throws(() => compileStudyOptions({ gates: ['XOR'], sizes: [2, 3, 2] }), { instanceOf: StudyConfigError, message: 'sizes must not repeat a value (it would train the same networks twice), got 2,3,2' });
  t.throws(() => compileStudyOptions({ gates: ['XOR'], lossTargets: [0.01, 0.01] }), { instanceOf: StudyConfigError, message: /^loss-targets must not repeat a value/ });
  t.throws(() => compileStudyOptions({ gates: ['XOR'], shapes: [[3, 2], [3, 2]] }), { instanceOf: StudyConfigError, message: 'shapes must not repeat a [width, depth] pair' });
  t.throws(() => compileStudyOptions({ experiments: 0 }), { instanceOf: StudyConfigError, message: 'experiments must be a positive integer, got 0' });
  t.throws(() => compileStudyOptions({ gates: ['XOR', 'XOR'] }), { instanceOf: StudyConfigError, message: 'gates must not repeat' });
});

test('three-input gates: a full adder is one [3, k, k, 2] network with formulas of depth <= 3', (t) => {
  const plan = makePlan('custom', compileStudyOptions({ gates: ['PARITY', 'MAJORITY'], sizes: [3], depths: [2, 3], experiments: 1 }));
  t.deepEqual(plan.networks.map((n) => n.train.gates), [['PARITY', 'MAJORITY'], ['PARITY', 'MAJORITY']]);
  // Three hidden layers would search depth 4: capped at 3 with three inputs (11.6 million candidates).
  t.deepEqual(plan.networks.map((n) => n.analysis.formulaMaxDepth), [3, 3]);
  const tables = makePlan('custom', compileStudyOptions({ gates: ['tt:0110100110010110'], experiments: 1 }));
  t.is(tables.networks[0]?.analysis.formulaMaxDepth, 3);
});

test('gates of two arities: refused in one network, allowed one network per gate', (t) => {
  t.throws(() => compileStudyOptions({ gates: ['XOR', 'MAJORITY'] }), {
    instanceOf: StudyConfigError,
    message: 'gates XOR (2 inputs) and MAJORITY (3 inputs) cannot share one network: every gate of a network takes the same inputs (or use per-gate: one network per gate)',
  });
  t.throws(() => compileStudyOptions({ gates: ['XOR', 'MAJORITY'], nGates: [1] }), { instanceOf: StudyConfigError });
  const plan = makePlan('custom', compileStudyOptions({ gates: ['XOR', 'MAJORITY'], perGate: true, experiments: 1 }));
  t.deepEqual(plan.networks.map((n) => [n.train.gates, n.analysis.formulaMaxDepth]), [[['XOR'], 3], [['MAJORITY'], 3]]);
  t.throws(() => compileStudyOptions({ gates: ['tt:01' as never] }), { instanceOf: StudyConfigError, message: 'gate "tt:01": a truth table has 4, 8 or 16 outputs (2, 3 or 4 inputs), got 2' });
});

test('four-input gates: widths up to 3 plan as usual, wider ones only with --max-circuits', (t) => {
  const table = 'tt:0001011101111111' as const;
  t.deepEqual(makePlan('custom', compileStudyOptions({ gates: [table], sizes: [2, 3], experiments: 1 })).networks.map((n) => n.analysis.formulaMaxDepth), [3, 3]);
  t.throws(() => compileStudyOptions({ gates: [table], sizes: [3, 4] }), {
    instanceOf: StudyConfigError,
    message: `four-input gate ${table} at width 4: groundings would take about ten minutes per network; use widths up to 3, or --max-circuits N to count the groundings of the first N circuits`,
  });
  t.throws(() => compileStudyOptions({ gates: ['XOR', table], perGate: true, shapes: [[5, 2]] }), { instanceOf: StudyConfigError });
  t.notThrows(() => compileStudyOptions({ gates: [table], sizes: [4], maxCircuits: 1000 }));
  t.notThrows(() => compileStudyOptions({ gates: ['MAJORITY'], sizes: [5] }));
});

test('plans without the training options keep their ids (basic: a2da38e84308, computed before the options existed)', (t) => {
  t.is(planIdOf(compileStudyOptions({ gates: ['XOR'], sizes: [3], experiments: 100 })), 'a2da38e84308');
});

test('l1, l2 and dropout are swept like the loss targets; patience and the output activation reach every network', (t) => {
  const c = compileStudyOptions({ gates: ['XOR'], sizes: [3], experiments: 2, l1Lambdas: [0, 1e-3], dropoutRates: [0, 0.1], patience: 5, outputActivation: 'identity' });
  const plan = makePlan('custom', c);
  t.is(plan.networks.length, 2 * 2 * 2);
  t.deepEqual(plan.networks.map((n) => [n.train.l1, n.train.l2, n.train.dropout, n.train.seed]), [
    [0, undefined, 0, 0], [0, undefined, 0, 1], [0, undefined, 0.1, 0], [0, undefined, 0.1, 1],
    [1e-3, undefined, 0, 0], [1e-3, undefined, 0, 1], [1e-3, undefined, 0.1, 0], [1e-3, undefined, 0.1, 1],
  ]);
  t.true(plan.networks.every((n) => n.train.patience === 5 && n.train.outputActivation === 'identity'));
  t.not(plan.planId, planIdOf(compileStudyOptions({ gates: ['XOR'], sizes: [3], experiments: 2, l1Lambdas: [0, 1e-3], dropoutRates: [0, 0.1], patience: 5 })));
  t.throws(() => compileStudyOptions({ dropoutRates: [1] }), { message: /dropout/ });
  t.throws(() => compileStudyOptions({ l2Lambdas: [-1] }), { message: /l2/ });
});
