/**
 * ACDC (Conmy et al. 2023) on these MLPs: start from the full network, visit the edges in reverse
 * topological order (edges into the output first; within a layer, upper node then lower node,
 * highest index first) and remove an edge for good when the output distance to the full network
 * grows by less than the threshold. Removal is the paper's masking (the edge's weight times 0),
 * and every trial is scored on the pruned circuit (pruneToCircuit), so what ACDC measures is the
 * circuit `check` judges: float32 outputs as in circuitAccuracy.ts, the distance averaged over
 * the validation samples. Deterministic: no randomness.
 */
import type { CheckedCircuit } from '../check/checkedCircuit.js';
import { circuitOutput } from '../check/circuitAccuracy.js';
import type { EdgeLayout } from '../check/edgeSet.js';
import type { SampleSet } from '../engine/samples.js';
import type { NetworkModel } from '../engine/types.js';
import { distance, type Distance } from './outputDistance.js';
import { circuitEdges, pruneToCircuit } from './prune.js';

export interface AcdcOptions {
  readonly threshold: number;
  readonly distance: Distance;
}

/** Mean distance of a circuit's outputs to `ref` over the samples (with their multiplicity). */
export function meanDistance(model: NetworkModel, circuit: CheckedCircuit, samples: SampleSet, ref: Float64Array, kind: Distance): number {
  let sum = 0;
  for (let p = 0; p < samples.count; p++) {
    const out = circuitOutput(model, circuit, samples.x.subarray(p * samples.nIn, (p + 1) * samples.nIn));
    sum += (samples.weight[p] as number) * distance(kind, out, ref[p] as number);
  }
  return sum / samples.total;
}

/** Edges in ACDC's visiting order. */
export function reverseTopologicalEdges(layout: EdgeLayout): number[] {
  const order: number[] = [];
  for (let l = layout.sizes.length - 1; l >= 1; l--) {
    const nIn = layout.sizes[l - 1] as number;
    for (let j = (layout.sizes[l] as number) - 1; j >= 0; j--) for (let i = nIn - 1; i >= 0; i--) order.push((layout.offsets[l - 1] as number) + j * nIn + i);
  }
  return order;
}

export function acdc(model: NetworkModel, layout: EdgeLayout, samples: SampleSet, options: AcdcOptions): CheckedCircuit {
  let kept: Uint8Array = new Uint8Array(layout.total).fill(1);
  const full = pruneToCircuit(layout, kept);
  const ref = Float64Array.from({ length: samples.count }, (_, p) => circuitOutput(model, full, samples.x.subarray(p * samples.nIn, (p + 1) * samples.nIn)));
  let current = full;
  let dCurrent = 0;
  for (const e of reverseTopologicalEdges(layout)) {
    if (!kept[e]) continue;
    const trial = kept.slice();
    trial[e] = 0;
    const circuit = pruneToCircuit(layout, trial);
    const d = meanDistance(model, circuit, samples, ref, options.distance);
    if (d - dCurrent < options.threshold) {
      kept = circuitEdges(layout, circuit);
      current = circuit;
      dCurrent = d;
    }
  }
  return current;
}
