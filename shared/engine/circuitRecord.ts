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

/**
 * Compact id of a circuit (results.jsonl checkpoints): per layer 1..L, the node mask in hex, a
 * colon, and the edge rows (lower-node masks, hex) of its on nodes, lowest node first, joined by
 * commas; layers joined by '/'. Bit i is node i. The paper's k = 3 circuit with every node and
 * edge is "7:3,3,3/7:7,7,7/1:7". Canonical: the same circuit always has the same id, whatever
 * order the engine found it in, and the id decodes back to the circuit (`fromCircuitId`).
 */
export function circuitId(record: Pick<CircuitRecord, 'node_masks' | 'edge_masks'>): string {
  const code = fromCircuitRecord(record);
  return Array.from(code.masks, (mask, l) => {
    const rows = code.rows[l] as Uint32Array;
    const on = Array.from(rows, (r, j) => ((mask >>> j) & 1 ? r.toString(16) : null)).filter((r) => r !== null);
    return `${mask.toString(16)}:${on.join(',')}`;
  }).join('/');
}

/** Inverse of `circuitId` for a network of `layerSizes`. */
export function fromCircuitId(id: string, layerSizes: readonly number[]): CircuitCode {
  const layers = id.split('/');
  if (layers.length !== layerSizes.length - 1) throw new RangeError(`circuit id ${id}: expected ${layerSizes.length - 1} layers`);
  const masks = new Uint32Array(layers.length);
  const rows = layers.map((text, l) => {
    const [maskText = '', rowText = ''] = text.split(':');
    const mask = parseInt(maskText, 16);
    masks[l] = mask;
    const out = new Uint32Array(layerSizes[l + 1] as number);
    const given = rowText === '' ? [] : rowText.split(',').map((r) => parseInt(r, 16));
    let k = 0;
    for (let j = 0; j < out.length; j++) if ((mask >>> j) & 1) out[j] = given[k++] ?? 0;
    return out;
  });
  return { masks, rows };
}

/** Stable text key of a circuit, for set comparisons and de-duplication. */
export function circuitKey(record: Pick<CircuitRecord, 'node_masks' | 'edge_masks'>): string {
  return JSON.stringify([record.node_masks, record.edge_masks]);
}
