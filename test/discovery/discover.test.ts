/**
 * Every discovery method finds the planted circuit of a hand-built network, `check` confirms it is
 * valid and minimal, and runs are deterministic (the learned masks per seed).
 */
import test from 'ava';
import { checkOutput } from '../../shared/check/checkNetwork.js';
import { edgeLayout, edgeNames, edgeBits } from '../../shared/check/edgeSet.js';
import type { CheckedCircuit } from '../../shared/check/checkedCircuit.js';
import { acdc } from '../../shared/discovery/acdc.js';
import { discover, methodNames } from '../../shared/discovery/discover.js';
import { eapCircuit, eapScores, rankEdges } from '../../shared/discovery/eap.js';
import { maskCircuit } from '../../shared/discovery/masks.js';
import { compileAnalysisOptions } from '../../shared/engine/options.js';
import { distinctSamples } from '../../shared/engine/samples.js';
import { PLANTED_EDGES, plantedCase } from './plantedNetwork.js';

const input = plantedCase();
const model = input.model;
const layout = edgeLayout(model.layerSizes);
const samples = distinctSamples(input.validation, 0);
const options = compileAnalysisOptions({ stages: ['circuits'] }, model);
const names = (c: CheckedCircuit): string[][] => edgeNames(layout, edgeBits(layout, c.code));

test('the planted circuit is valid, minimal and the only valid circuit with at most its 4 edges', (t) => {
  const found = acdc(model, layout, samples, { threshold: 1e-3, distance: 'mse' });
  const [v] = checkOutput(input, 0, options, [found]).verdicts;
  t.true(v!.valid && v!.minimal);
  t.is(v!.validWithAtMostAsManyEdges, 1);
});

for (const distance of ['kl', 'mse'] as const) {
  test(`ACDC (${distance}) finds the planted circuit`, (t) => {
    t.deepEqual(names(acdc(model, layout, samples, { threshold: distance === 'kl' ? 1e-4 : 1e-3, distance })), PLANTED_EDGES);
  });

  test(`EAP (${distance}): the planted edges score highest, its top 4 are the planted circuit`, (t) => {
    const ranked = rankEdges(eapScores(model, layout, samples, distance));
    t.deepEqual(names(eapCircuit(layout, ranked, 4)), PLANTED_EDGES);
  });

  test(`learned masks (${distance}) find the planted circuit`, (t) => {
    t.deepEqual(names(maskCircuit(model, layout, samples, { lambda: distance === 'kl' ? 1e-3 : 1e-2, distance, seed: 3 })), PLANTED_EDGES);
  });
}

test('seeded sweeps are deterministic and every returned circuit goes through check', (t) => {
  for (const method of methodNames) {
    const a = discover(model, layout, samples, method, { distance: 'mse', seed: 7 });
    const b = discover(model, layout, samples, method, { distance: 'mse', seed: 7 });
    t.deepEqual(a.map((r) => [r.threshold, names(r.circuit)]), b.map((r) => [r.threshold, names(r.circuit)]), method);
    const verdicts = checkOutput(input, 0, options, a.map((r) => r.circuit)).verdicts;
    t.is(verdicts.length, a.length);
    t.true(verdicts.some((v) => v.valid && v.minimal), `${method} returns the planted circuit at some threshold`);
  }
});
