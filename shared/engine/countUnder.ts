/**
 * A slice of a study's network counted under the criteria that judge each circuit alone, beside
 * the paper's summary: for each combination a study compares (faithful, mean-ablation, both),
 * the circuits that pass, their groundings together, and how many of them have each combination
 * of hidden node masks (the hosts `consistent` reads, mappingHosts.ts). The paper's summary keeps
 * every circuit; these only count. faithful alone is counted by a search of its own, in bulk
 * (`countFaithful`); a combination with mean-ablation judges each valid circuit (`CountUnder`).
 */
import { circuitStages } from './options.js';
import { analyzeOutputStream, type StageHook, type UnitRange } from './analyze.js';
import { CircuitJudge, passesAlone } from './circuitCriteria.js';
import type { CircuitCode } from './circuitRecord.js';
import { circuitSpace } from './circuitSpace.js';
import type { CounterCache } from './counterCache.js';
import type { Criteria } from './criteria.js';
import { DistributionBuilder } from './groundingDistribution.js';
import { hostGroupsOf, type HostGroup } from './mappingHosts.js';
import { singleOutput } from './network.js';
import type { BulkCount } from './bulkCount.js';
import type { AnalysisInput, AnalysisOptions } from './types.js';

/** One combination's count over a slice. */
export interface CountedUnder {
  readonly kept: number;
  /** Their groundings together; null without the groundings stage. */
  readonly groundingsTotal: bigint | null;
  /** The hidden node masks of each group (`hiddenLayers` entries a group), groups in search order. */
  readonly hostMasks: Uint32Array;
  /** Circuits that pass per group. */
  readonly hostCircuits: Float64Array;
}

/** An output's circuits that pass one criteria text, over every slice (coordinator/sliceAsks.ts). */
export interface UnderCounts {
  readonly circuits: number;
  readonly groundingsTotal: bigint | null;
  readonly hosts: HostGroup[];
}

interface Tally {
  kept: number;
  total: bigint;
  readonly masks: number[];
  readonly circuits: number[];
  /** The group the last passing circuit joined (circuits of one node-mask combination come together). */
  last: number;
}

export class CountUnder {
  private readonly judge: CircuitJudge;
  private readonly tallies: Tally[];
  private readonly hidden: number;

  constructor(input: AnalysisInput, o: number, threshold: number, private readonly under: readonly Criteria[], private readonly counting: boolean) {
    this.judge = new CircuitJudge(input, o, threshold);
    this.hidden = this.judge.model.layerSizes.length - 2;
    this.tallies = under.map(() => ({ kept: 0, total: 0n, masks: [], circuits: [], last: -1 }));
  }

  /** One valid circuit (in search order) and its groundings. */
  add(code: CircuitCode, groundings: bigint | null): void {
    const H = this.hidden;
    this.under.forEach((criteria, v) => {
      if (!passesAlone(this.judge, code, criteria)) return;
      const t = this.tallies[v] as Tally;
      t.kept++;
      if (groundings !== null) t.total += groundings;
      let same = t.last >= 0;
      for (let h = 0; same && h < H; h++) same = t.masks[t.last * H + h] === code.masks[h];
      if (!same) {
        t.last = t.circuits.length;
        for (let h = 0; h < H; h++) t.masks.push(code.masks[h] as number);
        t.circuits.push(0);
      }
      t.circuits[t.last] = (t.circuits[t.last] as number) + 1;
    });
  }

  result(): CountedUnder[] {
    return this.tallies.map((t) => ({ kept: t.kept, groundingsTotal: this.counting ? t.total : null, hostMasks: Uint32Array.from(t.masks), hostCircuits: Float64Array.from(t.circuits) }));
  }
}

/**
 * The circuits of a slice that pass faithful:`eps`, counted as CountUnder counts them, by a search
 * that keeps only those (outputTest.ts): in bulk, where judging each valid circuit visits them all.
 */
export function countFaithful(input: AnalysisInput, o: number, options: AnalysisOptions, range: UnitRange | undefined, eps: number, hook: StageHook, counters?: CounterCache): CountedUnder {
  const space = circuitSpace(singleOutput(input.model, o).layerSizes, options.minSparsity);
  const { start, end } = range ?? { start: 0, end: space.units };
  const unitKept = new Float64Array(end - start);
  const counting = options.stages.includes('groundings');
  const dist = new DistributionBuilder();
  const bulk: BulkCount = { countOnly: !counting, counted: 0, groundingsInBulk: counting };
  const out = analyzeOutputStream(input, o, circuitStages(options), (_code, g) => counting && dist.add(g), hook, range, bulk, dist.bulkSink(), counters, { unitKept, faithful: eps });
  const hosts = hostGroupsOf(space, unitKept, start);
  return {
    kept: out.kept,
    groundingsTotal: counting ? dist.build().total : null,
    hostMasks: Uint32Array.from(hosts.flatMap((h) => Array.from(h.masks))),
    hostCircuits: Float64Array.from(hosts, (h) => h.circuits),
  };
}
