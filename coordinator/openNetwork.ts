/**
 * One network of a study whose slices are open: its slice specs as this version plans them from
 * the stored trained result, and the assembler that merges their results. The plan follows from
 * the stored result alone, so a restarted coordinator plans the same slices, hence the same ids.
 */
import { DEFAULT_LIST_LIMIT } from '../shared/evaluate/evaluateShard.js';
import type { CircuitSliceShardResult, MappingSliceShardResult, NetworkShardResult, ShardResultMessage, ShardSpec } from '../shared/wire/messages.js';
import { networkSliceSpecs, sliceKey, DEFAULT_SLICE_CANDIDATES } from './networkSlices.js';
import { NetworkAssembler } from './networkAssembler.js';
import { needsProbe, usableCounts } from './keptProbe.js';
import { SplitCriteria } from './splitCriteria.js';
import type { Plan } from './plan.js';

/**
 * Slice k < n (n: the first-pass specs) is first-pass spec k; slice n + j is spec j run again for
 * its whole list (NetworkAssembler.relist), so every shard id is the same after a restart.
 */
export interface OpenNetwork {
  readonly specs: ShardSpec[];
  readonly assembler: NetworkAssembler;
  /** Under criteria: what the slices count for them. */
  readonly criteria: SplitCriteria | null;
  /** Relisted slices by slice number, once the first pass is complete. */
  relists: Map<number, ShardSpec> | null;
}

/** Slice k of an open network: a first-pass spec, or a relisted one once the first pass is in. */
export function specOf(open: OpenNetwork, k: number): ShardSpec | undefined {
  return k < open.specs.length ? open.specs[k] : open.relists?.get(k);
}

/** Whether a slice result is slice k of the open network as this version plans it: the same output and range. */
export function sliceOf(open: OpenNetwork, k: number, r: CircuitSliceShardResult | MappingSliceShardResult): boolean {
  const spec = specOf(open, k);
  if (spec?.kind !== 'circuit-slice' && spec?.kind !== 'mapping-slice') return false;
  // A mapping slice's key is its number; the count it is one of must agree too.
  return sliceKey(spec) === sliceKey(r) && (spec.kind === 'circuit-slice' || (r.kind === 'mapping-slice' && spec.of === r.of));
}

/** Once the first pass is complete, the slices to run again for their whole list (see OpenNetwork). */
export function askRelists(open: OpenNetwork): number {
  if (open.relists !== null || open.assembler.remaining > 0) return open.relists?.size ?? 0;
  open.relists = new Map(open.assembler.relist().map(({ spec, shard }) => [open.specs.length + spec, shard]));
  return open.relists.size;
}

/** Network `index` of the plan opened from its stored trained result (`trained`). */
export function openNetwork(plan: Plan, index: number, trained: ShardResultMessage): OpenNetwork {
  const r = trained.result as NetworkShardResult;
  const spec = plan.networks[index] as (typeof plan.networks)[number];
  const listLimit = spec.listLimit === undefined ? DEFAULT_LIST_LIMIT : spec.listLimit;
  const sliceCandidates = plan.config.sliceCandidates ?? DEFAULT_SLICE_CANDIDATES;
  const planned = networkSliceSpecs(
    { model: r.model, validation: r.data.validation, grounding: r.data.grounding, gates: spec.train.gates, analysis: spec.analysis },
    listLimit,
    sliceCandidates,
    plan.config.sliceWorkers,
    // A probe an earlier version made for consistent alone leaves a shallow network's slices planned by its shape.
    needsProbe({ model: r.model, analysis: spec.analysis }, sliceCandidates) ? usableCounts(r.unitKept, spec.train.gates.length, r.model.layerSizes, spec.analysis.minSparsity) : undefined,
  );
  // Under criteria (counted on the assembled outputs, plan.ts) each circuit slice also counts what they read.
  const criteria = spec.criteria !== undefined ? new SplitCriteria({ ...spec, criteria: spec.criteria }, r) : null;
  const specs = criteria ? criteria.ask(planned) : planned;
  return { specs, assembler: new NetworkAssembler(spec.train.gates, specs, listLimit ?? Infinity, { mergeThreads: true }), relists: null, criteria };
}
