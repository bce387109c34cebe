/**
 * Regenerates the benchmark networks in `examples/`: XOR networks [2, k, k, 1] for k = 4, 5, 6,
 * trained with the project's trainer (paper defaults) and saved in the golden case format without
 * `expected`. Deterministic: for each k it takes the first seed from 1 up whose network converges.
 * Also `xor-k6-s8.json`, a width-6 network of `run --preset growth` (its ninth at that width, seed
 * 8): its circuit search weighs more than xor-k6-s1's (`k6groundings.bench.ts --case`); and
 * `xor-4x4x4-s1.json`, XOR [2, 4, 4, 4, 1] seed 1, one width past the growth preset's depth axis,
 * whose grounding counts pass 2^53 (deep.bench.ts); and `xor-3x3x3-s1.json`, the growth preset's
 * depth 3 (seed 1), small enough for the tests of the probe that plans deep slices.
 * Run: npx tsc -p . && node dist/bench/makeExamples.js [outDir]
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { defaultTrainSpec, trainNetwork, type TrainedNetwork } from '../shared/train/index.js';
import { matrixRows, modelJson } from '../coordinator/aggregate.js';
import type { Dataset } from '../shared/engine/types.js';

/** The reference experiments' sparsity filter per width (SEMANTICS.md). */
const MIN_SPARSITY: Record<number, number> = { 4: 0.2, 5: 0.3, 6: 0.3 };
const WIDTHS = [4, 5, 6];
const MAX_SEED = 50;
/** A width-6 network of the growth preset (each of its shapes takes seeds 0-9). */
const GROWTH_K6_SEED = 8;
/** Three hidden layers of width 4 and of width 3 (no filter: the growth preset's is none). */
const DEEP = [
  [4, 4, 4],
  [3, 3, 3],
];
const DEEP_SEED = 1;


function xs(d: Dataset): number[][] {
  return matrixRows(d.x, d.n, d.nIn);
}

export function caseJson(k: number, seed: number, net: TrainedNetwork, hidden: readonly number[] = [k, k]): object {
  return {
    id: hidden.length === 2 ? `xor-k${k}-s${seed}` : `xor-${hidden.join('x')}-s${seed}`,
    config: {
      gates: ['XOR'],
      hidden,
      activation: 'leaky_relu',
      negative_slope: 0.01,
      seed,
      learning_rate: 0.001,
      loss_target: 0.01,
      noise_std: 0,
      min_sparsity: hidden.length === 2 ? (MIN_SPARSITY[k] ?? 0) : 0,
      accuracy_threshold: 0.99,
      formula_max_depth: 3,
      iia_pairs: 'lexicographic',
    },
    model: modelJson(net.model),
    data: { x_val: xs(net.validation), y_val: matrixRows(net.validation.y, net.validation.n, net.validation.nOut), x_tt: xs(net.grounding) },
  };
}

function main(outDir: string): void {
  mkdirSync(outDir, { recursive: true });
  for (const k of WIDTHS) {
    let seed = 1;
    for (; seed <= MAX_SEED; seed++) {
      const net = trainNetwork(defaultTrainSpec({ gates: ['XOR'], hidden: [k, k], seed }));
      if (!net.converged) continue;
      const file = join(outDir, `xor-k${k}-s${seed}.json`);
      writeFileSync(file, JSON.stringify(caseJson(k, seed, net)) + '\n');
      console.log(`${file}: ${net.epochs} epochs, loss ${net.finalLoss.toFixed(5)}, accuracy ${net.validationAccuracy}`);
      break;
    }
    if (seed > MAX_SEED) throw new Error(`no XOR k=${k} network converged with seeds 1..${MAX_SEED}`);
  }
  const net = trainNetwork(defaultTrainSpec({ gates: ['XOR'], hidden: [6, 6], seed: GROWTH_K6_SEED }));
  const file = join(outDir, `xor-k6-s${GROWTH_K6_SEED}.json`);
  writeFileSync(file, JSON.stringify(caseJson(6, GROWTH_K6_SEED, net)) + '\n');
  console.log(`${file}: ${net.epochs} epochs, loss ${net.finalLoss.toFixed(5)}, accuracy ${net.validationAccuracy}, converged ${net.converged}`);
  for (const hidden of DEEP) {
    const deep = trainNetwork(defaultTrainSpec({ gates: ['XOR'], hidden, seed: DEEP_SEED }));
    const deepFile = join(outDir, `xor-${hidden.join('x')}-s${DEEP_SEED}.json`);
    writeFileSync(deepFile, JSON.stringify(caseJson(hidden[0] as number, DEEP_SEED, deep, hidden)) + '\n');
    console.log(`${deepFile}: ${deep.epochs} epochs, loss ${deep.finalLoss.toFixed(5)}, accuracy ${deep.validationAccuracy}, converged ${deep.converged}`);
  }
}

main(process.argv[2] ?? 'examples');
