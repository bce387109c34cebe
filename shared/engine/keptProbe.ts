/**
 * The probe that plans a deep network's slices: the circuit search alone, counting, over a range
 * of units, with the kept circuits of each unit. Past two hidden layers a slice's time follows the
 * circuits it keeps (each gets its groundings counted by the DP over layers), which no estimate
 * from the network's shape sees: on XOR [2, 4, 4, 4, 1], slices the shape-based estimate made
 * equal took 0.03 to 257 s. The probe costs the circuit search (about 3% of that run) and the plan
 * built on its counts (sliceWork.ts `keptWork`) gives every slice about the same kept circuits.
 */
import type { UnitRange } from './analyze.js';
import { circuitSpace } from './circuitSpace.js';
import { evaluateCircuits } from './evaluateCircuits.js';
import { paperTest } from './outputTest.js';
import { singleOutput } from './network.js';
import { distinctSamples } from './samples.js';
import type { AnalysisInput, AnalysisOptions } from './types.js';

export interface UnitKeptCounts {
  readonly candidates: number;
  readonly kept: number;
  /** Kept circuits of each unit of the range, unit `start + i` at i. */
  readonly unitKept: Float64Array;
}

/** Kept circuits of output `o`, unit by unit over `range` (whole units, no part; all when absent). */
export function probeUnits(input: AnalysisInput, o: number, options: Pick<AnalysisOptions, 'minSparsity' | 'accuracyThreshold'>, range?: UnitRange): UnitKeptCounts {
  if (range?.firstRows) throw new RangeError(`a probe covers whole units, not a part of unit ${range.start}`);
  const model = singleOutput(input.model, o);
  const space = circuitSpace(model.layerSizes, options.minSparsity);
  const { start, end } = range ?? { start: 0, end: space.units };
  const unitKept = new Float64Array(end - start);
  // The search fills unitKept with what it reports and what it counts in bulk alike.
  const candidates = evaluateCircuits(model, space, paperTest(model, distinctSamples(input.validation, o), options.accuracyThreshold), start, end, () => {}, { countOnly: true, counted: 0 }, undefined, undefined, unitKept);
  return { candidates, kept: unitKept.reduce((a, b) => a + b, 0), unitKept };
}
