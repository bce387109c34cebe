/**
 * The slices' lists of kept circuits for `--criteria minimal-circuits`, which keeps the circuits
 * of an output with no proper sub-circuit among its listed ones, once every slice is in
 * (slicedCriteria.ts): the spool's place (circuitSpool.ts) under that criterion.
 *
 * Each slice's list is cut to its own minimal circuits as it arrives: a circuit with a proper
 * sub-circuit in its slice has one in the output, and one minimal in the output is minimal in its
 * slice, so the output's minimal circuits are the minimal ones among the slices' minimal ones.
 * Holding every listed circuit instead took 5.9 GB for the 34.6 million faithful circuits of
 * XOR k = 6 unfiltered, of which each slice keeps a handful.
 */
import { CircuitList } from '../shared/engine/circuitList.js';
import { minimalCircuits } from '../shared/engine/circuitCriteria.js';
import { slicePlace } from './circuitSpool.js';

interface SliceMinimal {
  /** The slice's minimal circuits, in search order. */
  readonly list: CircuitList;
  /** How many circuits the slice listed. */
  readonly listed: number;
}

export class MinimalLists {
  /** Per output, each slice's minimal circuits by its place in search order (first unit, first row). */
  private readonly parts = new Map<number, Map<string, SliceMinimal>>();

  /** `layerSizes(o)`: output o's network (one output). */
  constructor(private readonly layerSizes: (o: number) => readonly number[]) {}

  /**
   * One slice's circuits (the slice of output `o` from unit `at[0]`, first row `at[1]`), of `listed`
   * it listed (fewer when it sent its minimal ones alone); a slice listed again replaces its list.
   */
  write(o: number, at: readonly [number, number], circuits: CircuitList, listed = circuits.length): void {
    let slices = this.parts.get(o);
    if (!slices) this.parts.set(o, (slices = new Map()));
    slices.set(slicePlace(at), { list: minimalCircuits(circuits), listed });
  }

  /** How many circuits output o's slices listed in all. */
  listed(o: number): number {
    let n = 0;
    for (const s of this.parts.get(o)?.values() ?? []) n += s.listed;
    return n;
  }

  /** Output o's slices' minimal circuits in search order, one list (the slices' own let go). */
  take(o: number): CircuitList {
    const out = new CircuitList(this.layerSizes(o));
    const slices = this.parts.get(o) ?? new Map<string, SliceMinimal>();
    this.parts.delete(o);
    for (const key of [...slices.keys()].sort()) {
      const { list } = slices.get(key) as SliceMinimal;
      out.append({ words: list.data.subarray(0, list.length * list.stride), groundings: list.groundings });
    }
    return out;
  }
}
