/**
 * A study network analysed as slices, counted under its criteria: what its circuit slices are
 * asked to count besides the paper's summary (kept circuits per unit for consistent's hosts; the
 * circuits that pass each set's faithful and mean-ablation), their answers summed (sliceAsks.ts),
 * and once the network is assembled, the counts of every set (criteriaCounts.ts
 * slicedCriteriaCounts). Under minimal-circuits, which compares every valid circuit with the
 * others, the sets are applied to the outputs' lists instead (listedCriteriaCounts): counted when
 * every output listed its valid circuits (at most the list limit), not counted otherwise.
 */
import { criteriaSets, judgedAloneText, parseCriteria, type CriterionCounts } from '../shared/engine/criteria.js';
import type { AnalysisInput } from '../shared/engine/types.js';
import { listedCriteriaCounts, slicedCriteriaCounts } from '../shared/evaluate/criteriaCounts.js';
import type { CircuitSliceShardResult, MappingSliceShardResult, NetworkShardResult, NetworkShardSpec, OutputResult, ShardSpec } from '../shared/wire/messages.js';
import { SliceAsksError, SliceAsksTally } from './sliceAsks.js';

export class SplitCriteria {
  private tally: SliceAsksTally | null;
  /** Under minimal-circuits the sets are applied to the outputs' lists: nothing is asked of the slices. */
  private readonly minimal: boolean;
  private readonly asks: Pick<ShardSpec & { kind: 'circuit-slice' }, 'unitKept' | 'countUnder'>;

  /** `spec.criteria` must be set; `trained`: the network's training result. */
  constructor(private readonly spec: NetworkShardSpec & { readonly criteria: string }, trained: Pick<NetworkShardResult, 'model'>) {
    const criteria = parseCriteria(spec.criteria);
    this.minimal = criteria.minimalCircuits;
    const countUnder = this.minimal ? [] : [...new Set(criteriaSets(criteria).flatMap((set) => judgedAloneText(set.criteria) ?? []))];
    const unitKept = criteria.consistent && !this.minimal;
    this.asks = { ...(unitKept && { unitKept: true as const }), ...(countUnder.length > 0 && { countUnder }) };
    this.tally = this.minimal ? null : new SliceAsksTally(spec.train.gates.length, trained.model.layerSizes, spec.analysis.minSparsity, { valid: false, unitKept, countUnder });
  }

  /** The network's slices with what the criteria need asked of its circuit slices. */
  ask(specs: readonly ShardSpec[]): ShardSpec[] {
    return specs.map((s) => (s.kind === 'circuit-slice' ? { ...s, ...this.asks } : s));
  }

  /** A merged slice's answer; a slice without what was asked (an older worker) leaves the network counted without criteria. */
  add(r: CircuitSliceShardResult | MappingSliceShardResult): void {
    if (!this.tally || r.kind !== 'circuit-slice') return;
    try {
      this.tally.add(r);
    } catch (err) {
      if (!(err instanceof SliceAsksError)) throw err;
      this.tally = null;
    }
  }

  /** The counts of every set on the assembled outputs; none when a slice came without its counts, or under minimal-circuits an output was not listed. */
  counts(trained: Pick<NetworkShardResult, 'model' | 'data'>, outputs: readonly OutputResult[]): { criteria?: CriterionCounts[] } {
    const { spec } = this;
    const input: AnalysisInput = { id: `experiment-${spec.experiment}`, gates: spec.train.gates, model: trained.model, validation: trained.data.validation, grounding: trained.data.grounding };
    const sets = criteriaSets(parseCriteria(spec.criteria));
    if (this.minimal) {
      const listed = listedCriteriaCounts(input, outputs, spec.analysis, sets);
      return listed ? { criteria: listed } : {};
    }
    if (!this.tally) return {};
    return { criteria: slicedCriteriaCounts(input, outputs, spec.analysis, sets, this.tally.unitCounts() ?? undefined, this.tally.countsUnder()) };
  }
}
