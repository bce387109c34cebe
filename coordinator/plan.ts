/**
 * plan: a study configuration becomes the ordered list of networks to train and analyse. The plan
 * id is a hash of the configuration, so the same settings always give the same plan and shard ids,
 * which is what makes resume and de-duplication work.
 */
import { createHash } from 'node:crypto';
import { commonArity } from '../shared/engine/gates.js';
import { compileAnalysisOptions } from '../shared/engine/options.js';
import type { Gate } from '../shared/engine/types.js';
import { Prng } from '../shared/train/prng.js';
import type { TrainSpec } from '../shared/train/types.js';
import { DEFAULT_PATIENCE } from '../shared/train/spec.js';
import type { NetworkShardSpec } from '../shared/wire/messages.js';
import { paperSparsity, type StudyConfig } from './studyOptions.js';
import { DEFAULT_SLICE_CANDIDATES, isLarge } from './networkSlices.js';
import { needsProbe } from './keptProbe.js';
import { DEFAULT_LIST_LIMIT } from '../shared/evaluate/evaluateShard.js';

export interface Plan {
  readonly planId: string;
  readonly study: string;
  readonly config: StudyConfig;
  readonly networks: readonly NetworkShardSpec[];
}

/** Stable JSON: keys sorted, so the hash does not depend on property order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function planIdOf(config: StudyConfig): string {
  return createHash('sha256').update(canonical(config)).digest('hex').slice(0, 12);
}

/** Gates drawn without replacement, seeded by the network's seed so every run draws the same. */
function drawGates(pool: readonly Gate[], n: number, seed: number): Gate[] {
  const rng = new Prng(seed, 0x6a7e5);
  const left = [...pool];
  const out: Gate[] = [];
  for (let i = 0; i < n; i++) out.push(left.splice(rng.int(left.length), 1)[0] as Gate);
  return out;
}

/** Each gate group of a network: fixed gates, one per gate, or n drawn per experiment. */
function gateGroups(c: StudyConfig): ((seed: number) => Gate[])[] {
  if (c.nGates) return c.nGates.map((n) => (seed: number) => drawGates(c.gates, n, seed));
  if (c.perGate) return c.gates.map((g) => () => [g]);
  return [() => [...c.gates]];
}

/** The training extras of one condition; a field is present only when its option was given. */
type Extras = Pick<TrainSpec, 'l1' | 'l2' | 'dropout'>;

/** Every combination of the swept L1, L2 and dropout values (one empty combination when none is given). */
function extrasOf(c: StudyConfig): Extras[] {
  const axis = <K extends keyof Extras>(key: K, values: readonly number[] | undefined): Extras[] => (values ? values.map((v) => ({ [key]: v }) as Extras) : [{}]);
  return axis('l1', c.l1Lambdas).flatMap((a) => axis('l2', c.l2Lambdas).flatMap((b) => axis('dropout', c.dropoutRates).map((d) => ({ ...a, ...b, ...d }))));
}

function trainSpec(c: StudyConfig, gates: Gate[], hidden: number[], seed: number, lossTarget: number, learningRate: number, extras: Extras): TrainSpec {
  return {
    gates,
    hidden,
    seed,
    learningRate,
    lossTarget,
    noiseStd: c.noiseStd,
    skewed: c.skewed,
    maxEpochs: c.maxEpochs,
    batchSize: c.batchSize,
    trainRepeats: c.trainRepeats,
    validationRepeats: c.validationRepeats,
    groundingRepeats: c.groundingRepeats,
    weightDecay: 0.01,
    patience: c.patience ?? DEFAULT_PATIENCE,
    ...extras,
    ...(c.outputActivation !== undefined && { outputActivation: c.outputActivation }),
  };
}

/** The [width, depth] shapes of a study: the explicit list, or every size x depth. */
function shapesOf(c: StudyConfig): (readonly [number, number])[] {
  return c.shapes ? [...c.shapes] : c.sizes.flatMap((k) => c.depths.map((d) => [k, d] as const));
}

export function makePlan(study: string, c: StudyConfig): Plan {
  const networks: NetworkShardSpec[] = [];
  const listLimit = c.listLimit === 'all' ? null : c.listLimit ?? DEFAULT_LIST_LIMIT;
  const sliceCandidates = c.sliceCandidates ?? DEFAULT_SLICE_CANDIDATES;
  // Conditions in a fixed order (gate group, shape, loss target, learning rate, L1, L2, dropout).
  const conditions = gateGroups(c).flatMap((group) =>
    shapesOf(c).flatMap((shape) => c.lossTargets.flatMap((lossTarget) => c.learningRates.flatMap((lr) => extrasOf(c).map((extras) => ({ group, shape, lossTarget, lr, extras }))))),
  );
  for (const { group, shape: [k, depth], lossTarget, lr, extras } of conditions) {
    for (let e = 0; e < c.experiments; e++) {
      const seed = c.seed + e;
      const gates = group(seed);
      const hidden = new Array<number>(depth).fill(k);
      const train = trainSpec(c, gates, hidden, seed, lossTarget, lr, extras);
      // The input layer is the gates' arity; formula depth is the default, hidden layers + 1 capped
      // at the engine's deepest for that many inputs (4 for two inputs, 3 for three: README).
      const layerSizes = [commonArity(gates), ...hidden, gates.length];
      const analysis = compileAnalysisOptions(
        { minSparsity: c.minSparsity ?? paperSparsity(k), accuracyThreshold: c.accuracyThreshold, iiaPairs: c.iiaPairs, maxCircuits: c.maxCircuits },
        { layerSizes, weights: [], biases: [] },
      );
      // --max-circuits counts the first N in search order, which only one slice keeps.
      const split = analysis.maxCircuits === null && isLarge(layerSizes, analysis.minSparsity, sliceCandidates);
      // A network analysed as slices is counted under them too (splitCriteria.ts).
      const criteria = c.criteria !== undefined ? { criteria: c.criteria } : {};
      const checkpoints = c.checkpoints !== undefined && !split ? { checkpoints: c.checkpoints } : {};
      // Past two hidden layers a large network's training shard also probes it (keptProbe.ts).
      // (consistent's hosts come from the slices' own counts: splitNetworks.ts.)
      const probe = split && needsProbe({ model: { layerSizes, weights: [], biases: [] }, analysis }, sliceCandidates);
      networks.push({ kind: 'network', experiment: networks.length, train, analysis, listLimit, ...(split && { split }), ...(probe && { probe }), ...criteria, ...checkpoints });
    }
  }
  return { planId: planIdOf(c), study, config: c, networks };
}
