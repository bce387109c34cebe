/**
 * One network, every count of the paper: per output, the circuits kept with their groundings, then
 * the formulas with their minimal mappings. Pure: timings are measured by the caller through the
 * `stage` hook, so the engine has no clock.
 */
import { circuitSpace } from './circuitSpace.js';
import { copyCircuit, toCircuitRecord, type CircuitCode } from './circuitRecord.js';
import { evaluateCircuits } from './evaluateCircuits.js';
import { gateTable } from './gates.js';
import { GroundingCounter } from './groundingCount.js';
import { mappingSearch } from './mappingSearch.js';
import { singleOutput } from './network.js';
import { distinctSamples } from './samples.js';
import { groundingPatterns } from './truthTables.js';
import type { AnalysisInput, AnalysisOptions, NetworkAnalysis, OutputAnalysis, Stage } from './types.js';

/** Wraps each stage; the CLI uses it to time stages, tests pass nothing. */
export type StageHook = <T>(stage: Stage, output: number, run: () => T) => T;
const noHook: StageHook = (_stage, _output, run) => run();

export function analyzeOutput(input: AnalysisInput, o: number, options: AnalysisOptions, hook: StageHook = noHook): OutputAnalysis {
  const gate = input.gates[o];
  if (gate === undefined) throw new RangeError(`output ${o} has no gate`);
  const model = singleOutput(input.model, o);
  const wants = (s: Stage): boolean => options.stages.includes(s);
  const kept: CircuitCode[] = [];
  let candidates = 0;
  if (wants('circuits') || wants('groundings')) {
    hook('circuits', o, () => {
      const space = circuitSpace(model.layerSizes, options.minSparsity);
      const samples = distinctSamples(input.validation, o);
      candidates = evaluateCircuits(model, space, samples, options.accuracyThreshold, 0, space.units, (m, r) => kept.push(copyCircuit(m, r)));
    });
  }
  const groundings: (bigint | null)[] = kept.map(() => null);
  if (wants('groundings')) {
    hook('groundings', o, () => {
      const counter = new GroundingCounter(model, groundingPatterns(input.grounding));
      kept.forEach((code, i) => (groundings[i] = counter.count(code)));
    });
  }
  const mappings = wants('mappings')
    ? hook('mappings', o, () => mappingSearch(model, gateTable(gate), options.formulaMaxDepth, options.iiaPairs))
    : { formulasChecked: 0, formulas: [] };
  return {
    gate,
    candidates,
    circuits: kept.map((code, i) => toCircuitRecord(model.layerSizes, code, groundings[i] ?? null)),
    formulas_checked: mappings.formulasChecked,
    formulas: mappings.formulas,
  };
}

export function analyzeNetwork(input: AnalysisInput, options: AnalysisOptions, hook: StageHook = noHook): NetworkAnalysis {
  return { outputs: input.gates.map((_, o) => analyzeOutput(input, o, options, hook)) };
}
