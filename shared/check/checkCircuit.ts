/**
 * `check`: verdicts on given circuits of one output against its whole valid set, in one pass over
 * the valid circuits (nothing but the diagnostics' edge sets is kept).
 *
 * - valid: the circuit is one of the valid circuits (same node masks, input layer included, and the
 *   same edge rows). A circuit that is not a candidate (every node on, an edge at an off node, an
 *   on node without an edge in or out, an input off, a node mask outside the sparsity filter) is
 *   never valid, whatever its accuracy, as in the engine's search; its accuracy is still reported.
 * - minimal: valid, and no other valid circuit is a sub-circuit of it (node masks and edges within
 *   its own); `validSubcircuits` counts those valid proper sub-circuits for any given circuit.
 * - validWithAtMostAsManyEdges: valid circuits with at most as many edges as the given one (the
 *   given one included when valid).
 * - nearest: for an invalid circuit, the valid circuit at the least Jaccard distance over edges;
 *   ties go to the circuit whose JSON `[node_masks, edge_masks]` is smallest (code-point order).
 */
import { circuitKey, copyCircuit, toCircuitRecord, type CircuitCode } from '../engine/circuitRecord.js';
import { allOn } from '../engine/network.js';
import type { SampleSet } from '../engine/samples.js';
import type { NetworkModel } from '../engine/types.js';
import { circuitAccuracy } from './circuitAccuracy.js';
import { nodesWithin, sameCircuit, type CheckedCircuit } from './checkedCircuit.js';
import type { DiagnosticsAccumulator } from './diagnostics.js';
import { edgeBits, edgeCount, isSubset, jaccardDistance, moreSimilar, sharedEdges, type EdgeLayout } from './edgeSet.js';
import type { ValidCircuits } from './validSet.js';

export interface CircuitVerdict {
  readonly valid: boolean;
  readonly accuracy: number;
  readonly minimal: boolean;
  readonly validSubcircuits: number;
  readonly edges: number;
  readonly validCircuits: number;
  readonly validWithAtMostAsManyEdges: number;
  /** Null when the circuit is valid or there is no valid circuit. */
  readonly nearest: CircuitCode | null;
  readonly jaccardToNearest: number | null;
}

interface Tally {
  valid: boolean;
  sub: number;
  atMost: number;
  nearest: CircuitCode | null;
  nearestKey: string | null;
  shared: number;
  union: number;
}

export interface CheckInput {
  readonly model: NetworkModel;
  readonly samples: SampleSet;
  readonly accuracyThreshold: number;
  readonly layout: EdgeLayout;
  readonly valid: ValidCircuits;
}

export function checkCircuits(input: CheckInput, circuits: readonly CheckedCircuit[], diagnostics?: DiagnosticsAccumulator): CircuitVerdict[] {
  const { layout, model } = input;
  const inputs = allOn(model.layerSizes[0] as number);
  const bits = circuits.map((c) => edgeBits(layout, c.code));
  const sizes = bits.map((b) => edgeCount(b));
  const tallies: Tally[] = circuits.map(() => ({ valid: false, sub: 0, atMost: 0, nearest: null, nearestKey: null, shared: 0, union: 0 }));
  const vBits = new Uint32Array(layout.words);
  let total = 0;
  input.valid((code) => {
    total++;
    edgeBits(layout, code, vBits);
    diagnostics?.add(vBits);
    const vSize = edgeCount(vBits);
    const v: CheckedCircuit = { inputMask: inputs, code };
    circuits.forEach((q, k) => {
      const t = tallies[k] as Tally;
      const qBits = bits[k] as Uint32Array;
      const qSize = sizes[k] as number;
      if (vSize <= qSize) t.atMost++;
      const same = sameCircuit(v, q);
      if (same) t.valid = true;
      else if (nodesWithin(v, q) && isSubset(vBits, 0, qBits, 0, layout.words)) t.sub++;
      const shared = sharedEdges(vBits, 0, qBits, 0, layout.words);
      const union = vSize + qSize - shared;
      if (t.nearest === null || moreSimilar(shared, union, t.shared, t.union)) return keep(t, code, shared, union, null);
      if (!moreSimilar(t.shared, t.union, shared, union)) {
        // A tie: the smaller circuit key wins, whatever the search order.
        const key = circuitKey(toCircuitRecord(model.layerSizes, code, null));
        t.nearestKey ??= circuitKey(toCircuitRecord(model.layerSizes, t.nearest, null));
        if (key < t.nearestKey) keep(t, code, shared, union, key);
      }
    });
  });
  return circuits.map((c, k) => {
    const t = tallies[k] as Tally;
    return {
      valid: t.valid,
      accuracy: circuitAccuracy(model, c, input.samples),
      minimal: t.valid && t.sub === 0,
      validSubcircuits: t.sub,
      edges: sizes[k] as number,
      validCircuits: total,
      validWithAtMostAsManyEdges: t.atMost,
      nearest: t.valid ? null : t.nearest,
      jaccardToNearest: t.valid || t.nearest === null ? null : jaccardDistance(t.shared, t.union),
    };
  });
}

function keep(t: Tally, code: CircuitCode, shared: number, union: number, key: string | null): void {
  t.nearest = copyCircuit(code.masks, code.rows);
  t.nearestKey = key;
  t.shared = shared;
  t.union = union;
}
