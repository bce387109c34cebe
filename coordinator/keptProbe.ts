/**
 * The first phase of a deep or three-input network's sliced analysis: probe shards count the kept
 * circuits of every unit (shared/engine/keptProbe.ts), and the slices are planned from those counts
 * instead of the network's shape. Past two hidden layers, or with three inputs, a slice's time
 * follows the circuits it keeps (their groundings are counted one circuit at a time, or a group of
 * them differing in their last row): on XOR [2, 4, 4, 4, 1] the shape-based plan's
 * equal slices took 0.03 to 257 s, and its slowest slice bounded any cluster at about 4 minutes.
 * The probe is the circuit search alone, about 3% of that run. Its counts are a pure function of
 * the network, so the plan built from them is the same on every run: after a restart the probes'
 * stored results come back (shardSet.ts) and give the same slices, hence the same shard ids.
 */
import { circuitSliceRanges, outputCandidates, outputUnits } from '../shared/engine/circuitSlices.js';
import type { Stage } from '../shared/engine/types.js';
import type { CircuitSliceShardResult, ShardSpec, SliceTarget } from '../shared/wire/messages.js';
import { sliceCount } from './networkSlices.js';

/**
 * A network is probed when each output holds at least this many slices' worth of candidates
 * (10^10 at the default grain). The probe costs the circuit search, which past two hidden layers
 * is not cheap beside the groundings of a network with few kept circuits: XOR [2, 3, 3, 3, 3, 1]
 * (2.3 x 10^8 candidates, 1.4 million kept) took 5.5-6.7 s to probe on the 2-thread pool, in a
 * run of 14-16 s, and its slowest slice stayed 3.3-3.6 s (2.5-3.8 s planned by shape); XOR
 * [2, 4, 4, 4, 1] (4.4 x 10^10, 273 million kept) took 51 s in a run of 31 min, its slowest slice
 * 257 -> 39 s (docs/performance.md, 2026-12-06, third session).
 */
export const PROBE_MIN_GRAINS = 50;

/**
 * Whether an output's groundings are counted circuit by circuit at every depth: three or more
 * inputs (no bulk count, docs/three-inputs.md), so its slices' times follow their kept circuits.
 * PARITY [3, 5, 5, 1] unfiltered, planned by its shape, kept 0 to 2.9 million circuits a slice
 * (112 000 on average); planned from a probe, at most 223 000.
 */
function perCircuitGroundings(layerSizes: readonly number[], stages: readonly Stage[]): boolean {
  return stages.includes('groundings') && (layerSizes[0] as number) >= 3;
}

/**
 * Whether a network's slices are planned from a probe: with groundings, three or more inputs in
 * slices (`perCircuitGroundings`: the probe is the search, under 1% of PARITY [3, 5, 5, 1]'s
 * work), or past two hidden layers each output at least PROBE_MIN_GRAINS times `sliceCandidates`
 * (so in slices, whatever the fleet).
 */
export function needsProbe(target: Pick<SliceTarget, 'model' | 'analysis'>, sliceCandidates: number): boolean {
  const { model, analysis } = target;
  if (perCircuitGroundings(model.layerSizes, analysis.stages)) return sliceCount(model.layerSizes, analysis.minSparsity, sliceCandidates) > 1;
  if (!analysis.stages.includes('groundings') || model.layerSizes.length <= 4) return false;
  return outputCandidates(model.layerSizes, analysis.minSparsity) >= PROBE_MIN_GRAINS * sliceCandidates;
}

/**
 * A study's probe counts, when usable: one array per output of the output's units (a network
 * trained by a worker of an older version, or not probed, has none: its slices are planned by
 * shape). Either way the plan follows from the stored trained result, so a resume plans the same.
 */
export function usableCounts(unitKept: readonly Float64Array[] | undefined, outputs: number, layerSizes: readonly number[], minSparsity: number): Float64Array[] | undefined {
  if (!unitKept || unitKept.length !== outputs) return undefined;
  const units = outputUnits(layerSizes, minSparsity);
  return unitKept.every((k) => k.length === units) ? [...unitKept] : undefined;
}

/**
 * The probe shards of one network, every output's units in slices of about equal candidates (as
 * many as its plan will have), or none when its plan needs no probe (`needsProbe`).
 */
export function networkProbeSpecs(target: Omit<SliceTarget, 'output'>, sliceCandidates: number, workers?: number): ShardSpec[] {
  if (!needsProbe(target, sliceCandidates)) return [];
  const { model, validation, grounding, gates, analysis } = target;
  const n = sliceCount(model.layerSizes, analysis.minSparsity, sliceCandidates, workers);
  const ranges = circuitSliceRanges(model.layerSizes, analysis.minSparsity, n);
  const counting = { ...analysis, stages: ['circuits' as const] };
  return gates.flatMap((_, output) => ranges.map((r): ShardSpec => ({ kind: 'circuit-slice', model, validation, grounding, gates, output, start: r.start, end: r.end, analysis: counting, listLimit: 0, probe: true })));
}

/** A probe answered without counts, or a unit never answered: the plan cannot be made. */
export class ProbeError extends Error {
  override name = 'ProbeError';
}

/** The probes' answers gathered into each output's kept circuits per unit. */
export class UnitKeptCollector {
  private readonly kept: Float64Array[];
  private readonly seen: Uint8Array[];

  constructor(outputs: number, layerSizes: readonly number[], minSparsity: number) {
    const units = outputUnits(layerSizes, minSparsity);
    this.kept = Array.from({ length: outputs }, () => new Float64Array(units));
    this.seen = Array.from({ length: outputs }, () => new Uint8Array(units));
  }

  /** One probe's result; a unit answered twice (a duplicate delivery) is taken once. */
  add(r: CircuitSliceShardResult): void {
    const kept = this.kept[r.output];
    const seen = this.seen[r.output] as Uint8Array;
    if (!kept) throw new RangeError(`a probe of output ${r.output}, of a network with ${this.kept.length}`);
    // A worker from before the probe runs its spec as an ordinary slice and sends no counts.
    if (!r.unitKept) throw new ProbeError(`the probe of units [${r.start}, ${r.end}) of output ${r.output} came back without kept counts per unit: a worker of an older version answered it; run workers of this version`);
    if (r.end > kept.length || r.unitKept.length !== r.end - r.start) throw new RangeError(`a probe of units [${r.start}, ${r.end}) with ${r.unitKept.length} counts, for a space of ${kept.length} units`);
    if (seen[r.start] === 1) return;
    kept.set(r.unitKept, r.start);
    seen.fill(1, r.start, r.end);
  }

  /** Every output's counts, once every unit was answered. */
  counts(): Float64Array[] {
    this.seen.forEach((s, o) => {
      const missing = s.indexOf(0);
      if (missing >= 0) throw new ProbeError(`output ${o}: unit ${missing} was not probed`);
    });
    return this.kept;
  }
}
