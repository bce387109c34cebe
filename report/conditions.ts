/**
 * Conditions of a study against its baseline. A *condition* is one combination of the values of
 * the varying axes (e.g. "L1 penalty 0.001"); the *baseline* is the condition where every varying
 * axis has the paper's value (`AxisDef.baseline`: L1 0, loss target 0.01, width 3, ...), or,
 * where an axis has no such value in the study (gates, numbers of gates), its first value in the
 * report's order. Every other condition is compared with it on circuits per network-output and on
 * formulas with a mapping per network-output (compareSamples.ts).
 */
import type { StudyRow } from '../shared/results/studyRow.js';
import { compareSamples, type SampleComparison } from './compareSamples.js';
import { collectCounts, type AxisDef } from './reportModel.js';

export interface ConditionComparison {
  /** "L1 penalty 0.001", or several axes joined with ", ". */
  readonly label: string;
  readonly networks: number;
  readonly circuits: SampleComparison;
  readonly formulas: SampleComparison;
}

export interface ConditionComparisons {
  readonly baseline: { readonly label: string; readonly networks: number };
  readonly conditions: readonly ConditionComparison[];
}

const NONE = '–';

export function compareConditions(rows: readonly StudyRow[], varying: readonly AxisDef[]): ConditionComparisons | null {
  if (varying.length === 0) return null;
  const valuesOf = (r: StudyRow): string[] => varying.map((def) => def.pick(r) ?? NONE);
  const groups = new Map<string, { values: string[]; rows: StudyRow[] }>();
  for (const r of rows) {
    const values = valuesOf(r);
    const key = JSON.stringify(values);
    const g = groups.get(key);
    if (g) g.rows.push(r);
    else groups.set(key, { values, rows: [r] });
  }
  if (groups.size < 2) return null;
  const ordered = [...groups.values()].sort((a, b) => {
    for (let i = 0; i < varying.length; i++) {
      const c = (varying[i] as AxisDef).compare(a.values[i] as string, b.values[i] as string);
      if (c !== 0) return c;
    }
    return 0;
  });
  const wanted = varying.map((def, i) => {
    const present = new Set(ordered.map((g) => g.values[i]));
    return def.baseline !== undefined && present.has(def.baseline) ? def.baseline : (ordered[0] as { values: string[] }).values[i];
  });
  const base = ordered.find((g) => g.values.every((v, i) => v === wanted[i])) ?? (ordered[0] as { values: string[]; rows: StudyRow[] });
  const label = (values: readonly string[]): string => varying.map((def, i) => `${def.label} ${values[i]}`).join(', ');
  const baseCounts = collectCounts(base.rows);
  return {
    baseline: { label: label(base.values), networks: base.rows.length },
    conditions: ordered
      .filter((g) => g !== base)
      .map((g) => {
        const counts = collectCounts(g.rows);
        return {
          label: label(g.values),
          networks: g.rows.length,
          circuits: compareSamples(baseCounts.circuits, counts.circuits),
          formulas: compareSamples(baseCounts.formulas, counts.formulas),
        };
      }),
  };
}
