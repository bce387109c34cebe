/** Truth functions of the two-input gates of SEMANTICS.md "Gates and variables". */
import { gateOutput as engineGate } from '../engine/gates.js';
import { gateNames, type Gate } from '../engine/types.js';

/** Number of inputs of every gate here (the paper's studies use two-input gates only). */
export const GATE_INPUTS = 2;

type Bit = 0 | 1;

/** The gate's output on `bits` = [A, B] (each 0 or 1). */
export function gateOutput(gate: Gate, bits: readonly number[]): Bit {
  if (!gateNames.includes(gate)) throw new RangeError(`unknown gate ${String(gate)}`);
  if (bits.length !== GATE_INPUTS) {
    throw new RangeError(`gate ${gate} takes ${GATE_INPUTS} bits, got ${bits.length}`);
  }
  const [a, b] = bits;
  if ((a !== 0 && a !== 1) || (b !== 0 && b !== 1)) {
    throw new RangeError(`gate inputs must be 0 or 1, got [${bits.join(', ')}]`);
  }
  return engineGate(gate, a, b);
}

/** Bits of input pattern `p` among 2^nIn, lexicographic order: input 0 is the most significant. */
export function patternBits(p: number, nIn: number): number[] {
  const bits = new Array<number>(nIn);
  for (let j = 0; j < nIn; j++) bits[j] = (p >>> (nIn - 1 - j)) & 1;
  return bits;
}

/** Truth table of `gate` over the 2^GATE_INPUTS patterns in lexicographic order. */
export function truthTable(gate: Gate): Bit[] {
  const rows: Bit[] = [];
  for (let p = 0; p < 1 << GATE_INPUTS; p++) rows.push(gateOutput(gate, patternBits(p, GATE_INPUTS)));
  return rows;
}
