/** Truth functions of the two-input gates of SEMANTICS.md "Gates and variables". */
import type { Gate } from '../engine/types.js';

/** Number of inputs of every gate here (the paper's studies use two-input gates only). */
export const GATE_INPUTS = 2;

type Bit = 0 | 1;
const truthFunctions: Readonly<Record<Gate, (a: Bit, b: Bit) => Bit>> = {
  AND: (a, b) => (a & b) as Bit,
  OR: (a, b) => (a | b) as Bit,
  IMP: (a, b) => ((1 - a) | b) as Bit,
  NAND: (a, b) => (1 - (a & b)) as Bit,
  NOR: (a, b) => (1 - (a | b)) as Bit,
  NIMP: (a, b) => (a & (1 - b)) as Bit,
  XOR: (a, b) => (a ^ b) as Bit,
};

/** The gate's output on `bits` = [A, B] (each 0 or 1). */
export function gateOutput(gate: Gate, bits: readonly number[]): Bit {
  const fn = truthFunctions[gate];
  if (fn === undefined) throw new RangeError(`unknown gate ${String(gate)}`);
  if (bits.length !== GATE_INPUTS) {
    throw new RangeError(`gate ${gate} takes ${GATE_INPUTS} bits, got ${bits.length}`);
  }
  const [a, b] = bits;
  if ((a !== 0 && a !== 1) || (b !== 0 && b !== 1)) {
    throw new RangeError(`gate inputs must be 0 or 1, got [${bits.join(', ')}]`);
  }
  return fn(a, b);
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
