/**
 * The validation and grounding sets of a gate task, drawn exactly as a study draws them for a
 * network of the same seed (`trainNetwork`'s streams and repeats, uniform patterns): analysing
 * a user's network on `--gates XOR --seed S` uses the very samples a study network of seed S
 * was scored on. test/train/taskSets.test.ts checks the equality against `trainNetwork`.
 */
import type { Dataset, Gate } from '../engine/types.js';
import { generateDataset } from './data.js';
import { Prng } from './prng.js';
import { DEFAULT_GROUNDING_REPEATS, DEFAULT_NOISE_STD, DEFAULT_SEED, DEFAULT_VALIDATION_REPEATS } from './spec.js';
import { Streams } from './train.js';

export interface GateTaskOptions {
  readonly gates: readonly Gate[];
  /** @default 0 */
  readonly seed?: number;
  /** @default 0 */
  readonly noiseStd?: number;
  /** @default 50 */
  readonly validationRepeats?: number;
  /** @default 10 */
  readonly groundingRepeats?: number;
}

export function gateTaskSets(o: GateTaskOptions): { validation: Dataset; grounding: Dataset } {
  const seed = o.seed ?? DEFAULT_SEED;
  const noiseStd = o.noiseStd ?? DEFAULT_NOISE_STD;
  const set = (repeats: number, stream: number): Dataset => generateDataset({ gates: o.gates, repeats, noiseStd, patternWeights: null }, new Prng(seed, stream));
  return {
    validation: set(o.validationRepeats ?? DEFAULT_VALIDATION_REPEATS, Streams.validation),
    grounding: set(o.groundingRepeats ?? DEFAULT_GROUNDING_REPEATS, Streams.grounding),
  };
}
