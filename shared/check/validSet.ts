/**
 * Where the valid circuits come from: the seam for validity criteria. `check`, the diagnostics and
 * `discover` see the valid set only through `ValidCircuits`, a function that reports every valid
 * circuit of one output once. `paperValidCircuits` is the paper's criterion, enumerated by the
 * engine's own circuit search (the same candidates, sparsity filter, accuracy rule and search
 * order as `analyze`), so every count agrees with `analyze`'s `kept`. Another criterion (issue 14,
 * `--criteria`) plugs in as `criteriaValidCircuits`.
 */
import { analyzeOutputStream } from '../engine/analyze.js';
import type { CircuitCode } from '../engine/circuitRecord.js';
import type { AnalysisInput, AnalysisOptions } from '../engine/types.js';
import { keptCircuitList } from '../engine/applyCriteria.js';
import { CircuitJudge, circuitCriteriaKeep } from '../engine/circuitCriteria.js';
import type { CircuitList } from '../engine/circuitList.js';
import type { Criteria } from '../engine/criteria.js';
import { searchDecidesFaithful } from '../engine/outputTest.js';

/** Builds an output's valid set from the analysis input and options (checkNetwork.ts's ValidSource). */
export type ValidSource = (input: AnalysisInput, o: number, options: AnalysisOptions) => ValidCircuits;

/** Reports each valid circuit once; `code` is a view, valid only during the call. */
export type ValidCircuits = (onValid: (code: CircuitCode) => void) => void;

export function paperValidCircuits(input: AnalysisInput, o: number, options: AnalysisOptions): ValidCircuits {
  const circuitsOnly: AnalysisOptions = { ...options, stages: ['circuits'], maxCircuits: null };
  return (onValid) => {
    analyzeOutputStream(input, o, circuitsOnly, (code) => onValid(code));
  };
}

/**
 * The valid circuits under the stricter circuit criteria (docs/criteria.md): the paper's, held
 * packed (at most `limit`; TooManyCircuits past it), then filtered as `analyze --criteria`
 * filters them. Under faithful on noise-free data the search keeps only faithful circuits
 * (outputTest.ts), so the limit bounds those, not every valid circuit. Built on the first call and kept for the others
 * (check walks the set more than once).
 */
export function criteriaValidCircuits(criteria: Pick<Criteria, 'faithful' | 'meanAblation' | 'minimalCircuits'>, limit: number): ValidSource {
  return (input, o, options) => {
    let kept: { list: CircuitList; keep: Uint8Array } | null = null;
    return (onValid) => {
      if (!kept) {
        const bySearch = criteria.faithful !== null && searchDecidesFaithful(input, o, options.accuracyThreshold);
        const { list } = keptCircuitList(input, o, { ...options, stages: ['circuits'], maxCircuits: null }, undefined, limit, bySearch ? (criteria.faithful as number) : undefined);
        // faithful applied by the search: the others filter the faithful circuits, as analyze's do.
        kept = { list, keep: circuitCriteriaKeep(new CircuitJudge(input, o, options.accuracyThreshold), list, bySearch ? { ...criteria, faithful: null } : criteria) };
      }
      const { list, keep } = kept;
      for (let i = 0; i < list.length; i++) if (keep[i]) onValid(list.code(i));
    };
  };
}
