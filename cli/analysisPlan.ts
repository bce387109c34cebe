/**
 * What `analyze` runs for one case: its slices, planned from the network's shape, or past two
 * hidden layers with groundings from a first phase of probes (coordinator/keptProbe.ts), and the
 * plan id that names its shards over NATS.
 */
import { createHash } from 'node:crypto';
import { networkProbeSpecs, UnitKeptCollector } from '../coordinator/keptProbe.js';
import { networkSliceSpecs } from '../coordinator/networkSlices.js';
import type { CircuitSliceShardSpec, ShardResultMessage, ShardSpec, SliceTarget } from '../shared/wire/messages.js';

export interface AnalysisPlan {
  /** The same case and settings give the same id, so a restarted run finds its stored results. */
  readonly id: string;
  /** The first phase: probe shards, none when the slices are planned from the shape alone. */
  readonly probes: readonly ShardSpec[];
  /** The slices: from the probes' counts when there are probes (then required). */
  slices(unitKept?: readonly Float64Array[]): ShardSpec[];
  /** Gathers the probes' results into the counts `slices` takes. */
  collector(): UnitKeptCollector;
}

/** The fields every circuit slice spec of a plan carries besides the paper's (the criteria in slices; the engine's SliceAsks, as they travel). */
export type SliceSpecAsks = Pick<CircuitSliceShardSpec, 'criteria' | 'unitKept' | 'minimalList'>;

/**
 * `asks`: set on every circuit slice (not the probes); part of the plan's id, so that a run under
 * criteria never takes stored results of one without them.
 */
export function analysisPlan(file: string, target: Omit<SliceTarget, 'output'>, listLimit: number | null, sliceCandidates: number, workers?: number, asks: SliceSpecAsks = {}): AnalysisPlan {
  const probes = networkProbeSpecs(target, sliceCandidates, workers);
  const asked = (specs: ShardSpec[]): ShardSpec[] => (asks.criteria === undefined && !asks.unitKept && !asks.minimalList ? specs : specs.map((s) => (s.kind === 'circuit-slice' ? { ...s, ...asks } : s)));
  // Planned by shape once (k = 6's 249 320 units weigh), however often asked.
  let shaped: ShardSpec[] | null = null;
  const slices = (unitKept?: readonly Float64Array[]): ShardSpec[] => {
    if (probes.length > 0) {
      if (!unitKept) throw new Error('this plan needs its probes\' counts');
      return asked(networkSliceSpecs(target, listLimit, sliceCandidates, workers, unitKept));
    }
    return (shaped ??= asked(networkSliceSpecs(target, listLimit, sliceCandidates, workers)));
  };
  // With probes the slices follow from the probes and these settings; hashing them names the run
  // before any slice is known.
  const id = probes.length > 0 ? planId(file, [...probes, { analysis: target.analysis, listLimit, sliceCandidates, workers: workers ?? null, ...asks }]) : planId(file, slices());
  const collector = (): UnitKeptCollector => new UnitKeptCollector(target.gates.length, target.model.layerSizes, target.analysis.minSparsity);
  return { id, probes, slices, collector };
}

/** The probe results of a phase, or a clear failure for anything else. */
export function probeResult(m: ShardResultMessage): ShardResultMessage['result'] & { kind: 'circuit-slice' } {
  if (m.result.kind !== 'circuit-slice') throw new Error(`a ${m.result.kind} result among the probes`);
  return m.result;
}

function planId(file: string, parts: readonly unknown[]): string {
  const h = createHash('sha256').update(file);
  for (const s of parts) h.update(JSON.stringify(s, (_k, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as Float32Array) : v)));
  return `a${h.digest('hex').slice(0, 11)}`;
}
