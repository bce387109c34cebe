/**
 * The seven studies of the authors' README as presets. A preset is a partial `StudyOptions`; flags
 * given with a preset override it.
 */
import { ALL_CRITERIA } from '../shared/engine/criteria.js';
import type { StudyOptions } from './studyOptions.js';

export interface Preset {
  readonly name: string;
  readonly description: string;
  readonly options: StudyOptions;
  /** After the study: the circuit discovery benchmark (coordinator/discoveryStudy.ts). */
  readonly discovery?: boolean;
  /** A demonstration that is not a gate study: `run` hands it to its own command (cli/mnistCommand.ts). */
  readonly kind?: 'mnist';
}

export const presets: readonly Preset[] = [
  { name: 'basic', description: 'XOR, k = 3, 100 networks: the paper\'s main study', options: { gates: ['XOR'], sizes: [3], experiments: 100 } },
  {
    name: 'multitask',
    description: '1 to 6 gates drawn from the seven per network, k = 3',
    options: { gates: ['AND', 'OR', 'IMP', 'NAND', 'NOR', 'NIMP', 'XOR'], nGates: [1, 2, 3, 4, 5, 6], sizes: [3], experiments: 100 },
  },
  { name: 'gates', description: 'XOR, AND, OR and IMP, one network per gate and seed, k = 3', options: { gates: ['XOR', 'AND', 'OR', 'IMP'], perGate: true, sizes: [3], experiments: 100 } },
  { name: 'size', description: 'XOR with k = 2, 3, 4, 5 (sparsity filter 0.2 at k = 4, 0.3 at k = 5)', options: { gates: ['XOR'], sizes: [2, 3, 4, 5], experiments: 100 } },
  { name: 'noise', description: 'XOR, k = 3, Gaussian input noise of std 0.1', options: { gates: ['XOR'], sizes: [3], noiseStd: 0.1, experiments: 100 } },
  { name: 'skew', description: 'XOR, k = 3, skewed input distribution', options: { gates: ['XOR'], sizes: [3], skewed: true, experiments: 100 } },
  {
    name: 'loss-target',
    description: 'XOR, k = 3, loss targets 0.1 down to 1e-6',
    options: { gates: ['XOR'], sizes: [3], lossTargets: [0.1, 0.01, 0.001, 1e-4, 1e-5, 1e-6], experiments: 100 },
  },
  {
    name: 'growth',
    description: 'XOR without a sparsity filter: widths 2 to 6 at depth 2, depths 2 to 4 at width 3 (large networks run as slices; width 6 with groundings takes hours of CPU per network: --sizes 2,3,4,5 leaves it out)',
    options: { gates: ['XOR'], shapes: [[2, 2], [3, 2], [4, 2], [5, 2], [6, 2], [3, 3], [3, 4]], minSparsity: 0, experiments: 10 },
  },
  {
    name: 'criteria',
    description: 'the basic study counted under every stricter criterion alone and all together (criteria.csv, docs/criteria.md)',
    options: { gates: ['XOR'], sizes: [3], experiments: 100, criteria: ALL_CRITERIA },
  },
  {
    name: 'discovery',
    description: 'the basic study, then ACDC, attribution patching and learned masks at every threshold, judged against the exact valid set',
    options: { gates: ['XOR'], sizes: [3], experiments: 100 },
    discovery: true,
  },
  {
    name: 'mnist',
    kind: 'mnist',
    description: "the authors' MNIST demo: [784, 128, 128, 3, 3, 3, 1] on digits 0 and 1, circuits of the last three layers",
    options: {},
  },
  // The regularisation sweeps of a public fork of the authors' code (100 XOR networks per value),
  // each with its baseline (0), on the basic study, every stage.
  { name: 'l1', description: 'XOR, k = 3, L1 penalty 0 (baseline), 1e-4, 5e-4, 1e-3', options: { gates: ['XOR'], sizes: [3], l1Lambdas: [0, 1e-4, 5e-4, 1e-3], experiments: 100 } },
  { name: 'l2', description: 'XOR, k = 3, L2 penalty 0 (baseline), 1e-4, 5e-4, 1e-3', options: { gates: ['XOR'], sizes: [3], l2Lambdas: [0, 1e-4, 5e-4, 1e-3], experiments: 100 } },
  { name: 'dropout', description: 'XOR, k = 3, dropout 0 (baseline), 0.01, 0.05, 0.1', options: { gates: ['XOR'], sizes: [3], dropoutRates: [0, 0.01, 0.05, 0.1], experiments: 100 } },
];

export function findPreset(name: string): Preset | undefined {
  return presets.find((p) => p.name === name);
}
