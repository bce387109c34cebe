/**
 * Stricter criteria than the paper's (issue 14), as one parsed record: `parseCriteria('minimal-circuits,
 * faithful:0.05')`. Without criteria the analysis is the paper's. Circuit criteria filter the kept
 * circuits, mapping criteria filter the minimal mappings; the meaning of each is docs/criteria.md.
 */
import type { AnalysisOptions, Stage } from './types.js';

export const DEFAULT_FAITHFUL_EPS = 0.1;

export const criterionNames = ['minimal-circuits', 'faithful', 'mean-ablation', 'all-pairs-iia', 'joint-iia', 'consistent'] as const;
export type CriterionName = (typeof criterionNames)[number];

export interface Criteria {
  /** Keep a circuit only if no other kept circuit is a proper sub-circuit of it. */
  readonly minimalCircuits: boolean;
  /** Keep a circuit only if its output is within this (absolute) of the full network's on every validation sample; null: off. */
  readonly faithful: number | null;
  /** Keep a circuit only if it also passes the accuracy test with edges outside it carrying their source's mean. */
  readonly meanAblation: boolean;
  /** IIA over every ordered pair of distinct samples (= `iiaPairs: 'all-pairs'`). */
  readonly allPairsIia: boolean;
  /** A mapping also has to pass every joint interchange of two or more of its nodes. */
  readonly jointIia: boolean;
  /** A mapping counts only if its neurons lie inside some kept circuit. */
  readonly consistent: boolean;
}

export const paperCriteria: Criteria = Object.freeze({ minimalCircuits: false, faithful: null, meanAblation: false, allPairsIia: false, jointIia: false, consistent: false });

export class CriteriaError extends Error {
  override name = 'CriteriaError';
}

/** `a,b,...` of criterionNames (`faithful:EPS`, EPS a non-negative number, default 0.1); empty is the paper's. */
export function parseCriteria(text: string): Criteria {
  const items = text.split(',').map((s) => s.trim()).filter(Boolean);
  const c = { ...paperCriteria } as { -readonly [K in keyof Criteria]: Criteria[K] };
  for (const item of items) {
    const [name, arg, ...rest] = item.split(':');
    if (arg !== undefined && name !== 'faithful') throw new CriteriaError(`criterion '${name}' takes no value, got '${item}'`);
    switch (name) {
      case 'minimal-circuits':
        c.minimalCircuits = true;
        break;
      case 'faithful': {
        const eps = arg === undefined ? DEFAULT_FAITHFUL_EPS : Number(arg);
        if (rest.length > 0 || arg === '' || !(Number.isFinite(eps) && eps >= 0)) throw new CriteriaError(`faithful:EPS needs a non-negative number, got '${item}'`);
        c.faithful = eps;
        break;
      }
      case 'mean-ablation':
        c.meanAblation = true;
        break;
      case 'all-pairs-iia':
        c.allPairsIia = true;
        break;
      case 'joint-iia':
        c.jointIia = true;
        break;
      case 'consistent':
        c.consistent = true;
        break;
      default:
        throw new CriteriaError(`unknown criterion '${item}' (expected a comma-separated list of ${criterionNames.join(', ')}; faithful:EPS sets the tolerance, default ${DEFAULT_FAITHFUL_EPS})`);
    }
  }
  return Object.freeze(c);
}

/** Canonical names of the criteria in force, in criterionNames order (`faithful:EPS` with its EPS); [] for the paper's. */
export function criteriaNames(c: Criteria): string[] {
  const out: string[] = [];
  if (c.minimalCircuits) out.push('minimal-circuits');
  if (c.faithful !== null) out.push(`faithful:${c.faithful}`);
  if (c.meanAblation) out.push('mean-ablation');
  if (c.allPairsIia) out.push('all-pairs-iia');
  if (c.jointIia) out.push('joint-iia');
  if (c.consistent) out.push('consistent');
  return out;
}

export const hasCircuitCriteria = (c: Criteria): boolean => c.minimalCircuits || c.faithful !== null || c.meanAblation;
/** Criteria that judge each circuit alone, so a slice of the circuit space can apply them (circuitSlices.ts). */
export const judgedAlone = (c: Criteria): boolean => c.faithful !== null || c.meanAblation;
/** The canonical text of those of `c` that judge each circuit alone; null when none does. */
export const judgedAloneText = (c: Criteria): string | null => (judgedAlone(c) ? criteriaNames({ ...paperCriteria, faithful: c.faithful, meanAblation: c.meanAblation }).join(',') : null);
export const hasMappingCriteria = (c: Criteria): boolean => c.allPairsIia || c.jointIia || c.consistent;
export const isPaper = (c: Criteria): boolean => !hasCircuitCriteria(c) && !hasMappingCriteria(c);

/** The stages a set of criteria needs: circuit criteria the circuits, mapping criteria the mappings, consistent both. */
export function requiredStages(c: Criteria): Stage[] {
  const out: Stage[] = [];
  if (hasCircuitCriteria(c) || c.consistent) out.push('circuits');
  if (hasMappingCriteria(c)) out.push('mappings');
  return out;
}

/** The analysis options a search under these criteria runs with: all-pairs-iia sets the IIA pair mode. */
export function criteriaOptions(options: AnalysisOptions, c: Criteria): AnalysisOptions {
  return c.allPairsIia && options.iiaPairs !== 'all-pairs' ? Object.freeze({ ...options, iiaPairs: 'all-pairs' }) : options;
}

/** A named set of criteria a study evaluates: 'paper', one criterion alone, or 'all' of the given ones. */
export interface CriteriaSet {
  readonly label: string;
  readonly criteria: Criteria;
}

/** The sets a study compares: the paper's, each criterion of `c` alone, and (with two or more) all of them together. */
export function criteriaSets(c: Criteria): CriteriaSet[] {
  const names = criteriaNames(c);
  const sets: CriteriaSet[] = [{ label: 'paper', criteria: paperCriteria }, ...names.map((n) => ({ label: n, criteria: parseCriteria(n) }))];
  if (names.length > 1) sets.push({ label: 'all', criteria: c });
  return sets;
}

/** Every criterion with its default: what the `criteria` study applies. */
export const ALL_CRITERIA = criterionNames.join(',');

/** The counts of one output of one network under one criteria set (a row of criteria.csv). */
export interface CriterionCounts {
  readonly criteria: string;
  readonly output: number;
  readonly circuits: number;
  /** Exact, as a decimal string; null when the groundings stage did not run. */
  readonly groundings_total: string | null;
  /** Formulas with at least one minimal mapping left. */
  readonly formulas: number;
  /** Minimal mappings left, over all formulas. */
  readonly mappings: number;
  /** With `consistent`: kept circuits that host a kept mapping; else null. */
  readonly circuits_hosting_mappings: number | null;
}
