/**
 * A circuit handed to `check`: the engine's code (node masks of layers 1..L, edge rows of pairs
 * 1..L, bits exactly as given) plus the input layer's node mask, which candidates always have
 * all on but a file may not.
 */
import type { CircuitCode } from '../engine/circuitRecord.js';

export interface CheckedCircuit {
  readonly inputMask: number;
  readonly code: CircuitCode;
}

/** Same node masks and edge rows (the input mask included). */
export function sameCircuit(a: CheckedCircuit, b: CheckedCircuit): boolean {
  if (a.inputMask !== b.inputMask || a.code.masks.length !== b.code.masks.length) return false;
  for (let l = 0; l < a.code.masks.length; l++) if (a.code.masks[l] !== b.code.masks[l]) return false;
  return a.code.rows.every((rows, p) => {
    const other = b.code.rows[p] as Uint32Array;
    return rows.length === other.length && rows.every((r, j) => r === other[j]);
  });
}

/** Every node mask of `a` within `b`'s (the input mask included); edges are compared apart. */
export function nodesWithin(a: CheckedCircuit, b: CheckedCircuit): boolean {
  if ((a.inputMask & ~b.inputMask) !== 0) return false;
  for (let l = 0; l < a.code.masks.length; l++) if (((a.code.masks[l] as number) & ~(b.code.masks[l] as number)) !== 0) return false;
  return true;
}
