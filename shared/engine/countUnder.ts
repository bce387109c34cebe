/**
 * A slice of a study's network counted under the criteria that judge each circuit alone, beside
 * the paper's summary: for each combination a study compares (faithful, mean-ablation, both),
 * the circuits that pass, their groundings together, and how many of them have each combination
 * of hidden node masks (the hosts `consistent` reads, mappingHosts.ts). The paper's summary keeps
 * every circuit; these only count.
 */
import { CircuitJudge, passesAlone } from './circuitCriteria.js';
import type { CircuitCode } from './circuitRecord.js';
import type { Criteria } from './criteria.js';
import type { HostGroup } from './mappingHosts.js';
import type { AnalysisInput } from './types.js';

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
