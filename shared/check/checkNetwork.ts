/**
 * `check` for a whole network: per output, the verdicts on the given circuits and the diagnostics
 * of its valid set, from one pass of the valid-circuit source, and their JSON form.
 */
import { toCircuitRecord } from '../engine/circuitRecord.js';
import { singleOutput } from '../engine/network.js';
import { distinctSamples } from '../engine/samples.js';
import type { AnalysisInput, AnalysisOptions, Gate } from '../engine/types.js';
import type { CheckedCircuit } from './checkedCircuit.js';
import { checkCircuits, type CircuitVerdict } from './checkCircuit.js';
import { DiagnosticsAccumulator, type ValidSetDiagnostics } from './diagnostics.js';
import { edgeLayout } from './edgeSet.js';
import { paperValidCircuits, type ValidSource } from './validSet.js';

export interface OutputCheck {
  readonly gate: Gate;
  /** Layer sizes of the single-output network the masks refer to. */
  readonly sizes: readonly number[];
  readonly verdicts: CircuitVerdict[];
  readonly diagnostics: ValidSetDiagnostics;
}

export type { ValidSource } from './validSet.js';

/** `circuits[o]`: the circuits to judge on output o (any number, one pass over the valid set). */
export function checkOutput(input: AnalysisInput, o: number, options: AnalysisOptions, circuits: readonly CheckedCircuit[], source: ValidSource = paperValidCircuits): OutputCheck {
  const model = singleOutput(input.model, o);
  const layout = edgeLayout(model.layerSizes);
  const diagnostics = new DiagnosticsAccumulator(layout);
  const verdicts = checkCircuits(
    { model, samples: distinctSamples(input.validation, o), accuracyThreshold: options.accuracyThreshold, layout, valid: source(input, o, options) },
    circuits,
    diagnostics,
  );
  return { gate: input.gates[o] as Gate, sizes: model.layerSizes, verdicts, diagnostics: diagnostics.finish() };
}

export function checkNetwork(input: AnalysisInput, options: AnalysisOptions, circuits: readonly CheckedCircuit[], source: ValidSource = paperValidCircuits): OutputCheck[] {
  return input.gates.map((_, o) => checkOutput(input, o, options, [circuits[o] as CheckedCircuit], source));
}

/** The `check --json` record of one output (the first verdict). */
export function outputCheckJson(c: OutputCheck): Record<string, unknown> {
  const v = c.verdicts[0] as CircuitVerdict;
  const nearest = v.nearest ? toCircuitRecord(c.sizes, v.nearest, null) : null;
  const d = c.diagnostics;
  return {
    gate: c.gate,
    valid: v.valid,
    accuracy: v.accuracy,
    minimal: v.minimal,
    valid_circuits: v.validCircuits,
    valid_with_at_most_as_many_edges: v.validWithAtMostAsManyEdges,
    nearest_valid: nearest && { node_masks: nearest.node_masks, edge_masks: nearest.edge_masks },
    jaccard_to_nearest: v.jaccardToNearest,
    diagnostics: {
      circuit_edges: v.edges,
      valid_proper_subcircuits: v.validSubcircuits,
      core_edges: d.core,
      union_edges: d.union,
      max_jaccard: d.maxJaccard,
      ...(d.maxJaccardAtMost !== null && { max_jaccard_at_most: d.maxJaccardAtMost }),
      min_edges: d.minEdges,
      min_edge_circuits: d.minEdgeCircuits,
    },
  };
}
