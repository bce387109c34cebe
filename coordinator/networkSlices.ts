/**
 * One network's analysis as slice shards. The circuit space of each output is cut into as many
 * slices as it has `sliceCandidates` candidates (at least 32, at most 4096), of about equal
 * estimated work: unit ranges, and heavy units in parts of their first rows
 * (shared/engine/sliceWork.ts); the what-then-where search of each output is one mapping slice, or
 * more as formulas deepen. Their exact reassembly is networkAssembler.ts.
 */
import { outputCandidates, probedSliceRanges, workedSliceRanges } from '../shared/engine/circuitSlices.js';
import { mappingListBound } from '../shared/engine/mappingSearch.js';
import { mappingListShare, mappingSpaceSize } from '../shared/engine/mappingSlices.js';
import type { AnalysisOptions } from '../shared/engine/types.js';
import type { ShardSpec, SliceTarget } from '../shared/wire/messages.js';

/** Default size of a slice, in candidate circuits (about 0.2 s of circuit search at k = 5). */
export const DEFAULT_SLICE_CANDIDATES = 200_000_000;
/** At most this many circuit slices per output, however large the space. */
export const MAX_SLICES_PER_OUTPUT = 4096;

/**
 * A split output gets at least this many slices: slices are balanced by candidates, but the work
 * follows the kept circuits (their groundings), so a few slices would leave workers idle at the end.
 */
export const MIN_SLICES_WHEN_SPLIT = 32;

/**
 * With the number of worker threads known, a split output gets at most this many slices per
 * thread. Each slice costs the coordinator a result to read and a distribution to merge, on the
 * workers' cores when they share a machine: the whole k = 6 network with groundings on 2 workers
 * took 47 min 36 s in 211 slices (256 asked) against 50 min 39 s in the default 2 023, the
 * coordinator's CPU 61 s against 187 s (docs/performance.md). At 32 threads and more the cap is
 * the default's 4 096, which a large cluster needs (64 workers: the slowest of 211 slices bounds
 * the run at 169 s, of 2 023 at 102 s).
 */
export const SLICES_PER_WORKER = 128;

/**
 * How many circuit slices an output gets: 1 at or below `sliceCandidates`; with `workers` (the
 * threads that will take them), at most `SLICES_PER_WORKER` per thread, still at least 32.
 */
export function sliceCount(layerSizes: readonly number[], minSparsity: number, sliceCandidates: number, workers?: number): number {
  const candidates = outputCandidates(layerSizes, minSparsity);
  if (candidates <= sliceCandidates) return 1;
  const cap = workers === undefined ? MAX_SLICES_PER_OUTPUT : Math.min(MAX_SLICES_PER_OUTPUT, SLICES_PER_WORKER * workers);
  return Math.max(MIN_SLICES_WHEN_SPLIT, Math.min(cap, Math.ceil(candidates / sliceCandidates)));
}

/**
 * A slice's estimated work, for progress and its ETA: a circuit slice's share of its output's
 * (about one per slice asked for), one for a slice without an estimate (mapping slices: about
 * half a second each).
 */
export function sliceWork(spec: ShardSpec | undefined): number {
  return spec?.kind === 'circuit-slice' ? (spec.work ?? 1) : 1;
}

/** Whether a network of these sizes is analysed in slices rather than as one shard. */
export function isLarge(layerSizes: readonly number[], minSparsity: number, sliceCandidates: number): boolean {
  return sliceCount(layerSizes, minSparsity, sliceCandidates) > 1;
}

/**
 * The slice specs of one network, circuit slices of every output first, in a stable order.
 *
 * Each of an output's n circuit slices lists at most its share of the list limit (limit / n), so
 * the lists that travel in the first pass add up to about the limit, not n times it. When an
 * output keeps at most the limit in all but some of its slices listed more than their share, those
 * slices are run again with the whole limit (`NetworkAssembler.relist`).
 */
export function networkSliceSpecs(target: Omit<SliceTarget, 'output'>, listLimit: number | null, sliceCandidates: number, workers?: number, unitKept?: readonly Float64Array[]): ShardSpec[] {
  const { model, validation, grounding, gates, analysis } = target;
  const specs: ShardSpec[] = [];
  const wantsCircuits = analysis.stages.includes('circuits') || analysis.stages.includes('groundings');
  const n = sliceCount(model.layerSizes, analysis.minSparsity, sliceCandidates, workers);
  // Balanced by estimated work: from each output's kept circuits when probed (keptProbe.ts),
  // otherwise from the first layer's states, which every output shares.
  const shaped = wantsCircuits && !unitKept ? workedSliceRanges(model, analysis.stages.includes('groundings') ? grounding : null, analysis.minSparsity, n) : [];
  gates.forEach((_, output) => {
    if (!wantsCircuits) return;
    const kept = unitKept?.[output];
    if (unitKept && !kept) throw new RangeError(`no probe counts for output ${output}`);
    const ranges = kept ? probedSliceRanges(model, analysis.stages.includes('groundings') ? grounding : null, analysis.minSparsity, kept, n) : shaped;
    const share = listLimit === null ? null : Math.ceil(listLimit / ranges.length);
    // Last units first: the work is an estimate, and later node masks have more nodes on and keep
    // more circuits (xor-k5: the last of 32 slices of equal candidates was the slowest, 1.9 s), so
    // handing those out first keeps every worker busy to the end instead of one finishing alone.
    for (const r of ranges.slice().reverse()) {
      const work = Math.round(r.work * 1000) / 1000;
      specs.push({ kind: 'circuit-slice', model, validation, grounding, gates, output, start: r.start, end: r.end, ...(r.firstRows && { firstRows: r.firstRows }), work, analysis, listLimit: share, ...(share !== 0 && { packedList: true as const }) });
    }
  });
  if (!analysis.stages.includes('mappings')) return specs;
  const of = mappingSliceCount(model.layerSizes, analysis);
  // Like the circuit lists: each slice lists its share of the bound, relisted when the output is within it.
  const listBound = mappingListShare(mappingListBound(listLimit ?? Infinity), of);
  gates.forEach((_, output) => {
    for (let slice = 0; slice < of; slice++) specs.push({ kind: 'mapping-slice', model, gates, output, slice, of, analysis, listBound });
  });
  return specs;
}

/** A mapping slice does about this much work (neuron-set checks, ~2 ns each): about half a second. */
export const MAPPING_SLICE_WORK = 250_000_000;
const MAX_MAPPING_SLICES = 64;

/** Mapping slices per output: 1 for the paper's depth-2 searches, more as formulas deepen. */
export function mappingSliceCount(layerSizes: readonly number[], analysis: Pick<AnalysisOptions, 'formulaMaxDepth' | 'iiaPairs'>): number {
  const { work } = mappingSpaceSize(layerSizes, analysis.formulaMaxDepth, analysis.iiaPairs);
  return Math.max(1, Math.min(MAX_MAPPING_SLICES, Math.floor(work / MAPPING_SLICE_WORK)));
}

/** What a slice's spec and its result share: the output and the unit range, or the mapping slice. */
export function sliceKey(s: { readonly kind: 'circuit-slice'; readonly output: number; readonly start: number; readonly end: number; readonly firstRows?: readonly [number, number] } | { readonly kind: 'mapping-slice'; readonly output: number; readonly slice: number }): string {
  if (s.kind === 'mapping-slice') return `m:${s.output}:${s.slice}`;
  return `c:${s.output}:${s.start}:${s.end}${s.firstRows ? `:${s.firstRows[0]}-${s.firstRows[1]}` : ''}`;
}
