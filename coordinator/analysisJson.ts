/**
 * JSON text of analysis results in the golden `expected` shapes. Groundings are JSON numbers up to
 * 2^53 and decimal strings above, so no count is ever rounded by a JSON reader.
 */
import type { OutputSummary } from '../shared/engine/analyze.js';
import type { CircuitRecord } from '../shared/engine/types.js';

export function countJson(n: bigint | null): number | string | null {
  if (n === null) return null;
  return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n.toString();
}

function circuitJson(c: CircuitRecord): string {
  return JSON.stringify({ node_masks: c.node_masks, edge_masks: c.edge_masks, groundings: countJson(c.groundings) });
}

/** Streamed form of one output: the head, one chunk per circuit, then the tail once counts are known. */
export function outputHeadJson(gate: string): string {
  return `{"gate":${JSON.stringify(gate)},"circuits":[`;
}

export function circuitChunkJson(c: CircuitRecord, first: boolean): string {
  return (first ? '\n' : ',\n') + circuitJson(c);
}

export function outputTailJson(out: OutputSummary): string {
  return `],"candidates":${out.candidates},"formulas_checked":${out.formulas_checked},"formulas":${JSON.stringify(out.formulas)}}`;
}
