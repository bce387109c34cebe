/**
 * JSON text of analysis results in the golden `expected` shapes. Groundings are JSON numbers up to
 * 2^53 and decimal strings above, so no count is ever rounded by a JSON reader.
 */
import type { GroundingDistribution } from '../shared/engine/groundingDistribution.js';
import type { CircuitRecord } from '../shared/engine/types.js';
import type { OutputResult } from '../shared/wire/messages.js';

export function countJson(n: bigint | null): number | string | null {
  if (n === null) return null;
  return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n.toString();
}

/** One kept circuit as JSON: masks, and its groundings exact (see countJson). */
export function circuitJson(c: CircuitRecord): { node_masks: number[][]; edge_masks: number[][][]; groundings: number | string | null } {
  return { node_masks: c.node_masks, edge_masks: c.edge_masks, groundings: countJson(c.groundings) };
}

/** The exact per-output summary of `analyze --json` and results.jsonl (see README, "Outputs"). */
export function summaryJson(kept: number, g: GroundingDistribution | null): { kept: number; groundings_total: number | string | null; groundings_distribution: [number | string, number][] | null; groundings_uncounted?: number } {
  return {
    kept,
    groundings_total: g ? countJson(g.total) : null,
    groundings_distribution: g ? g.values.map((v, i) => [countJson(v) as number | string, g.circuits[i] as number]) : null,
    ...(g && g.uncounted > 0 && { groundings_uncounted: g.uncounted }),
  };
}

/** One output of a result as JSON: summary always, circuits only when listed. */
export function outputResultJson(o: OutputResult): Record<string, unknown> {
  return {
    gate: o.gate,
    candidates: o.candidates,
    summary: summaryJson(o.kept, o.groundings),
    ...(o.circuits && { circuits: o.circuits.map(circuitJson) }),
    formulas_checked: o.formulas_checked,
    formulas: o.formulas,
  };
}
