/** The two-input gates of SEMANTICS.md as functions and as truth tables over (A, B). */
import type { Gate } from './types.js';

const GATE_FUNCTIONS: Record<Gate, (a: number, b: number) => number> = {
  AND: (a, b) => a & b,
  OR: (a, b) => a | b,
  IMP: (a, b) => (1 - a) | b,
  NAND: (a, b) => 1 - (a & b),
  NOR: (a, b) => 1 - (a | b),
  NIMP: (a, b) => a & (1 - b),
  XOR: (a, b) => a ^ b,
};

export function gateOutput(gate: Gate, a: number, b: number): 0 | 1 {
  return GATE_FUNCTIONS[gate](a, b) ? 1 : 0;
}

/** Table over the samples 00, 01, 10, 11 (bit s = output on sample s, A the high bit). */
export function gateTable(gate: Gate): number {
  let t = 0;
  for (let s = 0; s < 4; s++) if (gateOutput(gate, s >>> 1, s & 1)) t |= 1 << s;
  return t;
}
