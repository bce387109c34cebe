/**
 * From a set of kept edges to a circuit `check` can judge: only edges on a path from an input to
 * the output carry anything under the paper's masking (an off node is multiplied away), so the
 * rest are dropped, and a node is on exactly when a kept edge ends at it. The result is a
 * candidate shape whenever any path is left (every on node has an edge in and out).
 */
import type { CheckedCircuit } from '../check/checkedCircuit.js';
import type { EdgeLayout } from '../check/edgeSet.js';
import { allOn } from '../engine/network.js';

/** `kept[e]`: edge e (check/edgeSet.ts numbering) is in the set. */
export function pruneToCircuit(layout: EdgeLayout, kept: ArrayLike<boolean | number>): CheckedCircuit {
  const sizes = layout.sizes;
  const L = sizes.length - 1;
  const has = (l: number, j: number, i: number): boolean => Boolean(kept[(layout.offsets[l - 1] as number) + j * (sizes[l - 1] as number) + i]);
  // Forward: nodes reachable from the inputs.
  const from = sizes.map((n, l) => (l === 0 ? allOn(n) : 0));
  for (let l = 1; l <= L; l++) {
    for (let j = 0; j < (sizes[l] as number); j++) {
      for (let i = 0; i < (sizes[l - 1] as number); i++) if (((from[l - 1] as number) >>> i) & 1 && has(l, j, i)) from[l] = ((from[l] as number) | (1 << j)) >>> 0;
    }
  }
  // Backward: nodes that reach the output.
  const to = sizes.map((n, l) => (l === L ? allOn(n) : 0));
  for (let l = L; l >= 1; l--) {
    for (let j = 0; j < (sizes[l] as number); j++) {
      if (!(((to[l] as number) >>> j) & 1)) continue;
      for (let i = 0; i < (sizes[l - 1] as number); i++) if (has(l, j, i)) to[l - 1] = ((to[l - 1] as number) | (1 << i)) >>> 0;
    }
  }
  const live = sizes.map((_, l) => ((from[l] as number) & (to[l] as number)) >>> 0);
  const rows = sizes.slice(1).map((n, p) => {
    const l = p + 1;
    return Uint32Array.from({ length: n }, (_, j) => {
      if (!(((live[l] as number) >>> j) & 1)) return 0;
      let row = 0;
      for (let i = 0; i < (sizes[l - 1] as number); i++) if (((live[l - 1] as number) >>> i) & 1 && has(l, j, i)) row |= 1 << i;
      return row >>> 0;
    });
  });
  const masks = Uint32Array.from({ length: L }, (_, p) => (rows[p] as Uint32Array).reduce((m, r, j) => (r ? m | (1 << j) : m), 0) >>> 0);
  return { inputMask: allOn(sizes[0] as number), code: { masks, rows } };
}

/** The circuit's edges as a 0/1 vector in edge numbering. */
export function circuitEdges(layout: EdgeLayout, circuit: CheckedCircuit): Uint8Array {
  const kept = new Uint8Array(layout.total);
  circuit.code.rows.forEach((rows, p) => {
    const nIn = layout.sizes[p] as number;
    rows.forEach((row, j) => {
      for (let i = 0; i < nIn; i++) if ((row >>> i) & 1) kept[(layout.offsets[p] as number) + j * nIn + i] = 1;
    });
  });
  return kept;
}
