/**
 * JSON text of analysis results in the golden `expected` shapes. Groundings are JSON numbers up to
 * 2^53 and decimal strings above, so no count is ever rounded by a JSON reader.
 */
import { distributionEntries, type PackedDistribution } from '../shared/engine/packedDistribution.js';
import type { CircuitRecord } from '../shared/engine/types.js';
import { distributionText } from './distributionText.js';
import { JsonPieces } from './jsonPieces.js';
import type { OutputResult } from '../shared/wire/messages.js';

export function countJson(n: bigint | number | null): number | string | null {
  if (n === null) return null;
  if (typeof n === 'number') return n <= Number.MAX_SAFE_INTEGER ? n : BigInt(n).toString();
  return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n.toString();
}

/** One kept circuit as JSON: masks, and its groundings exact (see countJson). */
export function circuitJson(c: CircuitRecord): { node_masks: number[][]; edge_masks: number[][][]; groundings: number | string | null } {
  return { node_masks: c.node_masks, edge_masks: c.edge_masks, groundings: countJson(c.groundings) };
}

/** The exact per-output summary of `analyze --json` and results.jsonl (see README, "Outputs"). */
export function summaryJson(kept: number, g: PackedDistribution | null): { kept: number; groundings_total: number | string | null; groundings_distribution: [number | string, number][] | null; groundings_uncounted?: number } {
  return {
    kept,
    groundings_total: g ? countJson(g.total) : null,
    groundings_distribution: g ? Array.from(distributionEntries(g), ([v, c]) => [countJson(v) as number | string, c]) : null,
    ...(g && g.uncounted > 0 && { groundings_uncounted: g.uncounted }),
  };
}

/**
 * The text of `JSON.stringify(summaryJson(kept, g))` in pieces, the distribution a run of entries
 * at a time: a whole network's distribution is millions of counts (k = 6: 8.4 million, 379 MB of
 * text), and as one array of pairs and then one string it took the coordinator from 0.5 to 3.3 GB
 * at the end of the run.
 */
export function* summaryJsonPieces(kept: number, g: PackedDistribution | null): Generator<string> {
  if (!g) {
    yield JSON.stringify(summaryJson(kept, null));
    return;
  }
  yield `{"kept":${JSON.stringify(kept)},"groundings_total":${JSON.stringify(countJson(g.total))},"groundings_distribution":[`;
  yield* distributionText(g, { quote: true, inner: ',', between: ',' });
  yield g.uncounted > 0 ? `],"groundings_uncounted":${JSON.stringify(g.uncounted)}}` : ']}';
}

/** One output of a result as JSON: summary always (its text written in pieces), circuits only when listed. */
export function outputResultJson(o: OutputResult): Record<string, unknown> {
  return {
    gate: o.gate,
    candidates: o.candidates,
    summary: new JsonPieces(() => summaryJsonPieces(o.kept, o.groundings)),
    ...(o.circuits && { circuits: o.circuits.map(circuitJson) }),
    formulas_checked: o.formulas_checked,
    formulas: o.formulas,
  };
}
