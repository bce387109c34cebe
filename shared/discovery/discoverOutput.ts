/**
 * `discover` on one output of a network: a method's sweep, then every returned circuit through
 * `check` against the output's whole valid set (one pass for all of them), and the JSON record.
 */
import { checkOutput, type OutputCheck } from '../check/checkNetwork.js';
import { edgeLayout } from '../check/edgeSet.js';
import { toCircuitRecord } from '../engine/circuitRecord.js';
import { singleOutput } from '../engine/network.js';
import { distinctSamples } from '../engine/samples.js';
import type { AnalysisInput, AnalysisOptions } from '../engine/types.js';
import { discover, type DiscoveredCircuit, type DiscoveryOptions, type Method } from './discover.js';

export interface OutputDiscovery {
  readonly method: Method;
  readonly runs: DiscoveredCircuit[];
  /** `check.verdicts[k]` judges `runs[k].circuit`. */
  readonly check: OutputCheck;
}

export function discoverOutput(input: AnalysisInput, o: number, options: AnalysisOptions, method: Method, discovery: DiscoveryOptions): OutputDiscovery {
  const model = singleOutput(input.model, o);
  const runs = discover(model, edgeLayout(model.layerSizes), distinctSamples(input.validation, o), method, discovery);
  return { method, runs, check: checkOutput(input, o, options, runs.map((r) => r.circuit)) };
}

export function outputDiscoveryJson(d: OutputDiscovery, distance: string): Record<string, unknown> {
  const c = d.check;
  return {
    gate: c.gate,
    method: d.method,
    distance,
    valid_circuits: c.verdicts[0]?.validCircuits ?? 0,
    min_edges: c.diagnostics.minEdges,
    runs: d.runs.map((r, k) => {
      const v = c.verdicts[k];
      if (!v) throw new Error('a run without a verdict');
      const rec = toCircuitRecord(c.sizes, r.circuit.code, null);
      return {
        threshold: r.threshold,
        node_masks: rec.node_masks,
        edge_masks: rec.edge_masks,
        edges: v.edges,
        valid: v.valid,
        accuracy: v.accuracy,
        minimal: v.minimal,
        valid_with_at_most_as_many_edges: v.validWithAtMostAsManyEdges,
        jaccard_to_nearest: v.jaccardToNearest,
      };
    }),
  };
}
