/**
 * One shard in, one result out: the pure, synchronous unit of work that a pool thread runs
 * (Temporal's activity shape). Timings come from the caller's stage hook; the engine has no clock.
 */
import { analyzeNetwork, analyzeOutput, type StageHook } from '../engine/analyze.js';
import { trainNetwork } from '../train/train.js';
import type { AnalysisInput } from '../engine/types.js';
import type { CircuitSliceShardSpec, NetworkShardSpec, ShardResult, ShardSpec } from '../wire/messages.js';

/** Measures stage durations; `(stage, run) => run()` when timings are not wanted. */
export type Timer = <T>(stage: string, run: () => T) => T;
const untimed: Timer = (_stage, run) => run();

function networkShard(spec: NetworkShardSpec, timer: Timer): ShardResult {
  const trained = timer('train', () => trainNetwork(spec.train));
  const training = {
    finalLoss: trained.finalLoss,
    epochs: trained.epochs,
    validationAccuracy: trained.validationAccuracy,
    converged: trained.converged,
    patternWeights: trained.patternWeights,
  };
  const input: AnalysisInput = {
    id: `experiment-${spec.experiment}`,
    gates: spec.train.gates,
    model: trained.model,
    validation: trained.validation,
    grounding: trained.grounding,
  };
  const hook: StageHook = (stage, _o, run) => timer(stage, run);
  const analysis = trained.converged ? analyzeNetwork(input, spec.analysis, hook) : null;
  const candidates = analysis ? analysis.outputs.reduce((a, o) => a + o.candidates, 0) : 0;
  return { kind: 'network', experiment: spec.experiment, training, model: trained.model, data: { validation: trained.validation, grounding: trained.grounding }, analysis, candidates };
}

function sliceShard(spec: CircuitSliceShardSpec, timer: Timer): ShardResult {
  const input: AnalysisInput = { id: 'slice', gates: spec.gates, model: spec.model, validation: spec.validation, grounding: spec.grounding };
  const hook: StageHook = (stage, _o, run) => timer(stage, run);
  const out = analyzeOutput(input, spec.output, spec.analysis, hook, { start: spec.start, end: spec.end });
  return { kind: 'circuit-slice', output: spec.output, start: spec.start, end: spec.end, candidates: out.candidates, circuits: out.circuits };
}

export function evaluateShard(spec: ShardSpec, timer: Timer = untimed): ShardResult {
  switch (spec.kind) {
    case 'network':
      return networkShard(spec, timer);
    case 'circuit-slice':
      return sliceShard(spec, timer);
    default: {
      const never: never = spec;
      throw new TypeError(`unknown shard kind ${JSON.stringify(never)}`);
    }
  }
}
