/**
 * What circuit slices answer besides the paper's summary when their specs ask for it (the criteria
 * in slices, cli/slicedCriteria.ts), gathered per output: how many circuits the paper's search kept
 * before the criteria that judge each circuit (`valid`), and the circuits kept per unit
 * (`unitKept`: the hosts `consistent` reads). Each slice counts once, whatever is delivered twice or
 * run again for its list; a slice answered without what its spec asked for (by a worker of an older
 * version, which ignores the fields it does not know) is refused, never counted as if judged.
 */
import { outputUnits } from '../shared/engine/circuitSlices.js';
import { sliceKey } from './networkSlices.js';
import type { CircuitSliceShardResult } from '../shared/wire/messages.js';
import type { HostGroup } from '../shared/engine/mappingHosts.js';
import type { UnderCounts } from '../shared/engine/countUnder.js';

/** A slice answered without what its spec asked for: the operator's to fix (workers of this version). */
export class SliceAsksError extends Error {
  override name = 'SliceAsksError';
}

export interface SliceAsksWanted {
  /** The specs carry criteria that judge each circuit: every answer must say `valid`. */
  readonly valid: boolean;
  /** The specs ask for `unitKept`. */
  readonly unitKept: boolean;
  /** The specs' `countUnder` (a study's): every answer must carry as many `countedUnder`. */
  readonly countUnder?: readonly string[];
}

interface UnderSums {
  circuits: number;
  total: bigint | null;
  readonly hosts: Map<string, HostGroup & { circuits: number }>;
}

export class SliceAsksTally {
  private readonly seen = new Set<string>();
  private readonly validSums: number[];
  private readonly kept: Float64Array[] | null;
  /** Per output, per text of `countUnder`. */
  private readonly under: UnderSums[][];

  constructor(outputs: number, layerSizes: readonly number[], minSparsity: number, readonly wanted: SliceAsksWanted) {
    this.validSums = new Array<number>(outputs).fill(0);
    this.under = Array.from({ length: outputs }, () => (wanted.countUnder ?? []).map(() => ({ circuits: 0, total: 0n, hosts: new Map() })));
    const units = wanted.unitKept ? outputUnits(layerSizes, minSparsity) : 0;
    this.kept = wanted.unitKept ? Array.from({ length: outputs }, () => new Float64Array(units)) : null;
  }

  /** One circuit slice's result (not a probe's); a slice already counted is skipped. */
  add(r: CircuitSliceShardResult): void {
    const what = `units [${r.start}, ${r.end}) of output ${r.output}`;
    if (this.wanted.valid && r.valid === undefined) throw new SliceAsksError(`the slice of ${what} came back without judging its circuits under the criteria: a worker of an older version answered it; run workers of this version`);
    if (this.kept && !r.unitKept) throw new SliceAsksError(`the slice of ${what} came back without its kept circuits per unit (consistent's hosts): a worker of an older version answered it; run workers of this version`);
    const texts = this.wanted.countUnder ?? [];
    if (texts.length > 0 && r.countedUnder?.length !== texts.length) throw new SliceAsksError(`the slice of ${what} came back without its counts under ${texts.join(' and ')}: a worker of an older version answered it; run workers of this version`);
    const key = sliceKey(r);
    if (this.seen.has(key)) return;
    const kept = this.kept?.[r.output];
    if (this.kept && !kept) throw new RangeError(`a slice of output ${r.output}, of a network with ${this.kept.length}`);
    if (kept && r.unitKept) {
      if (r.end > kept.length || r.unitKept.length !== r.end - r.start) throw new RangeError(`a slice of ${what} with ${r.unitKept.length} counts, for a space of ${kept.length} units`);
      // Parts of one unit (firstRows) each count their own circuits of it.
      r.unitKept.forEach((n, i) => (kept[r.start + i] = (kept[r.start + i] as number) + n));
    }
    if (r.valid !== undefined) this.validSums[r.output] = (this.validSums[r.output] as number) + r.valid;
    r.countedUnder?.forEach((c, v) => {
      const sums = this.under[r.output]?.[v];
      if (!sums) return;
      sums.circuits += c.kept;
      sums.total = sums.total === null || c.groundingsTotal === null ? null : sums.total + c.groundingsTotal;
      const H = c.hostCircuits.length === 0 ? 0 : c.hostMasks.length / c.hostCircuits.length;
      c.hostCircuits.forEach((n, g) => {
        const masks = c.hostMasks.slice(g * H, (g + 1) * H);
        const k = masks.join(',');
        const group = sums.hosts.get(k);
        if (group) group.circuits += n;
        else sums.hosts.set(k, { masks, circuits: n });
      });
    });
    this.seen.add(key);
  }

  /** Per output, the counts under each text of `countUnder`, keyed by it. */
  countsUnder(): Map<string, UnderCounts>[] {
    const texts = this.wanted.countUnder ?? [];
    return this.under.map((per) => new Map(per.map((u, v) => [texts[v] as string, { circuits: u.circuits, groundingsTotal: u.total, hosts: [...u.hosts.values()] }])));
  }

  /** Per output, the circuits the paper's search kept (with `valid` wanted), else null. */
  valid(): number[] | null {
    return this.wanted.valid ? [...this.validSums] : null;
  }

  /** Per output, the kept circuits of every unit (with `unitKept` wanted), else null. */
  unitCounts(): Float64Array[] | null {
    return this.kept;
  }
}
