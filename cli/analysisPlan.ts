/**
 * What `analyze` runs for one case: its slices, planned from the network's shape, or past two
 * hidden layers with groundings from a first phase of probes (coordinator/keptProbe.ts), and the
 * plan id that names its shards over NATS.
 */
import { createHash } from 'node:crypto';
import { needsProbe, networkProbeSpecs, UnitKeptCollector } from '../coordinator/keptProbe.js';
import { networkSliceSpecs } from '../coordinator/networkSlices.js';
import type { ShardResultMessage, ShardSpec, SliceTarget } from '../shared/wire/messages.js';

export interface AnalysisPlan {
  /** The same case and settings give the same id, so a restarted run finds its stored results. */
  readonly id: string;
  /** The first phase: probe shards, none when the slices are planned from the shape alone (and no criterion needs the counts). */
  readonly probes: readonly ShardSpec[];
  /** Whether the slices are planned from the probes' counts (past two hidden layers), not the shape. */
  readonly byKept: boolean;
  /** The slices: from the probes' counts when there are probes (then required). */
  slices(unitKept?: readonly Float64Array[]): ShardSpec[];
  /** Gathers the probes' results into the counts `slices` takes. */
  collector(): UnitKeptCollector;
}

/**
 * `probeAlways`: probe a network whose slices are planned by shape too, for the counts alone (the
 * `consistent` criterion's hosts: slicedCriteria.ts); its slices stay planned by shape.
 */
export function analysisPlan(file: string, target: Omit<SliceTarget, 'output'>, listLimit: number | null, sliceCandidates: number, workers?: number, probeAlways = false): AnalysisPlan {
  const probes = networkProbeSpecs(target, sliceCandidates, workers, probeAlways);
  const byKept = needsProbe(target, sliceCandidates);
  // Planned by shape once (k = 6's 249 320 units weigh), however often asked.
  let shaped: ShardSpec[] | null = null;
  const slices = (unitKept?: readonly Float64Array[]): ShardSpec[] => {
    if (probes.length > 0 && !unitKept) throw new Error('this plan needs its probes\' counts');
    if (unitKept && byKept) return networkSliceSpecs(target, listLimit, sliceCandidates, workers, unitKept);
    return (shaped ??= networkSliceSpecs(target, listLimit, sliceCandidates, workers));
  };
  // With probes the slices follow from the probes and these settings; hashing them names the run
  // before any slice is known.
  const id = probes.length > 0 ? planId(file, [...probes, { analysis: target.analysis, listLimit, sliceCandidates, workers: workers ?? null }]) : planId(file, slices());
  const collector = (): UnitKeptCollector => new UnitKeptCollector(target.gates.length, target.model.layerSizes, target.analysis.minSparsity);
  return { id, probes, byKept: byKept && probes.length > 0, slices, collector };
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
