/** Conversion between the engine's compact circuit code and the golden 0/1 array format. */
import type { CircuitRecord } from './types.js';

/** A circuit as the engine holds it: node masks of layers 1..L, edge rows of pairs 1..L. */
export interface CircuitCode {
  readonly masks: Uint32Array;
  readonly rows: readonly Uint32Array[];
}

export function copyCircuit(masks: Uint32Array, rows: readonly Uint32Array[]): CircuitCode {
  return { masks: masks.slice(), rows: rows.map((r) => r.slice()) };
}

function bitsOf(mask: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => (mask >>> i) & 1);
}

export function toCircuitRecord(layerSizes: readonly number[], code: CircuitCode, groundings: bigint | null): CircuitRecord {
  const n0 = layerSizes[0] as number;
  const node_masks = [bitsOf(2 ** n0 - 1, n0), ...Array.from(code.masks, (m, l) => bitsOf(m, layerSizes[l + 1] as number))];
  const edge_masks = code.rows.map((rows, l) => Array.from(rows, (row) => bitsOf(row, layerSizes[l] as number)));
  return { node_masks, edge_masks, groundings };
}

/** Inverse of toCircuitRecord, for tests and for re-counting a listed circuit. */
export function fromCircuitRecord(record: Pick<CircuitRecord, 'node_masks' | 'edge_masks'>): CircuitCode {
  const toMask = (bits: number[]): number => bits.reduce((m, b, i) => m | ((b ? 1 : 0) << i), 0);
  return {
    masks: Uint32Array.from(record.node_masks.slice(1), toMask),
    rows: record.edge_masks.map((rows) => Uint32Array.from(rows, toMask)),
  };
}

/** Stable text key of a circuit, for set comparisons and de-duplication. */
export function circuitKey(record: Pick<CircuitRecord, 'node_masks' | 'edge_masks'>): string {
  return JSON.stringify([record.node_masks, record.edge_masks]);
}
