/** Loads the golden cases (test/golden/) and compares results the way test/golden/README.md says. */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { circuitKey } from '../../shared/engine/circuitRecord.js';
import type { FormulaRecord, Mapping, OutputAnalysis } from '../../shared/engine/types.js';

const here = dirname(fileURLToPath(import.meta.url));
/** dist/test/helpers -> repository root -> test/golden (the JSON files are not compiled to dist/). */
export const goldenDir = resolve(here, '../../../test/golden');

export interface GoldenCase {
  readonly name: string;
  readonly path: string;
  readonly json: any;
}

export function goldenCases(): GoldenCase[] {
  return readdirSync(goldenDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ name: f.replace(/\.json$/, ''), path: join(goldenDir, f), json: JSON.parse(readFileSync(join(goldenDir, f), 'utf8')) }));
}

function mappingKey(m: Mapping): string {
  const nodes = Object.keys(m).sort().map((k) => {
    const layers = m[k] as Record<string, number[]>;
    return [k, Object.keys(layers).sort().map((l) => [l, [...(layers[l] as number[])].sort((a, b) => a - b)])];
  });
  return JSON.stringify(nodes);
}

export function formulaSet(formulas: readonly FormulaRecord[]): Map<string, string[]> {
  return new Map(formulas.map((f) => [f.formula, f.minimal_mappings === null ? [`counted: ${f.mappings_count}`] : f.minimal_mappings.map(mappingKey).sort()]));
}

/** Circuits as key -> groundings (as decimal strings; null stays null). */
export function circuitSet(circuits: readonly { node_masks: number[][]; edge_masks: number[][][]; groundings: bigint | number | string | null }[]): Map<string, string | null> {
  return new Map(circuits.map((c) => [circuitKey(c), c.groundings === null ? null : String(c.groundings)]));
}

/** Differences between an analysis and a golden `expected` entry; empty when they agree. */
export function compareOutput(actual: OutputAnalysis, expected: any, formulasField: 'formulas' | 'formulas_iia_all_pairs'): string[] {
  const diffs: string[] = [];
  const a = circuitSet(actual.circuits);
  const e = circuitSet(expected.circuits);
  for (const k of e.keys()) if (!a.has(k)) diffs.push(`missing circuit ${k}`);
  for (const k of a.keys()) if (!e.has(k)) diffs.push(`extra circuit ${k}`);
  for (const [k, g] of e) if (g !== null && a.has(k) && a.get(k) !== g) diffs.push(`groundings of ${k}: got ${a.get(k)}, expected ${g}`);
  if (actual.formulas_checked !== expected.formulas_checked) diffs.push(`formulas_checked: got ${actual.formulas_checked}, expected ${expected.formulas_checked}`);
  const af = formulaSet(actual.formulas);
  const ef = formulaSet(expected[formulasField]);
  for (const k of ef.keys()) if (!af.has(k)) diffs.push(`missing formula ${k}`);
  for (const k of af.keys()) if (!ef.has(k)) diffs.push(`extra formula ${k}`);
  for (const [k, m] of ef) if (af.has(k) && JSON.stringify(af.get(k)) !== JSON.stringify(m)) diffs.push(`mappings of ${k} differ`);
  return diffs;
}
