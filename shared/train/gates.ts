/** Truth functions of the gates (shared/engine/gates.ts), as the trainer's data generator reads them. */
import { gateArity, gateOutput as engineGate, patternBits } from '../engine/gates.js';
import type { Gate } from '../engine/types.js';

export { patternBits, gateArity };

type Bit = 0 | 1;

/** The gate's output on `bits` = [A, B, ...] (each 0 or 1, one per input of the gate). */
export function gateOutput(gate: Gate, bits: readonly number[]): Bit {
  return engineGate(gate, bits);
}

/** Truth table of `gate` over its 2^arity patterns in lexicographic order. */
export function truthTable(gate: Gate): Bit[] {
  const n = gateArity(gate);
  return Array.from({ length: 2 ** n }, (_, p) => gateOutput(gate, patternBits(p, n)));
}
