/**
 * Where the valid circuits come from: the seam for validity criteria. `check`, the diagnostics and
 * `discover` see the valid set only through `ValidCircuits`, a function that reports every valid
 * circuit of one output once. `paperValidCircuits` is the paper's criterion, enumerated by the
 * engine's own circuit search (the same candidates, sparsity filter, accuracy rule and search
 * order as `analyze`), so every count agrees with `analyze`'s `kept`. Another criterion (issue 14,
 * `--criteria`) plugs in as another `ValidCircuits`.
 */
import { analyzeOutputStream } from '../engine/analyze.js';
import type { CircuitCode } from '../engine/circuitRecord.js';
import type { AnalysisInput, AnalysisOptions } from '../engine/types.js';

/** Reports each valid circuit once; `code` is a view, valid only during the call. */
export type ValidCircuits = (onValid: (code: CircuitCode) => void) => void;

export function paperValidCircuits(input: AnalysisInput, o: number, options: AnalysisOptions): ValidCircuits {
  const circuitsOnly: AnalysisOptions = { ...options, stages: ['circuits'], maxCircuits: null };
  return (onValid) => {
    analyzeOutputStream(input, o, circuitsOnly, (code) => onValid(code));
  };
}
