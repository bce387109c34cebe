/**
 * The circuits of a subtree the search accepts whole (outputSearch.ts `emitAll`): the last one or
 * two on second-layer nodes take every row (a non-empty subset of the first layer's on nodes) such
 * that all rows cover those nodes. Their grounding counts depend on the free nodes only through
 * their factors, so the completions are counted per class of equal factors (groundingUnit.ts
 * `classOf`): groundingFast.ts then needs one sum per class (pair), not one per circuit.
 *
 * A grouping depends on the unit, the free nodes and the lower nodes the fixed rows already cover,
 * not on the fixed rows themselves: within a unit the search meets the same few (free, covered)
 * keys for every row combination of the fixed nodes, so each grouping is built once per unit.
 */
import type { NodeRow, UnitTables } from './groundingUnit.js';

/** The completions of one subtree's free nodes, grouped by class. */
export class SubtreeGroup {
  constructor(
    /** Free nodes (1 or 2). */
    readonly free: number,
    /** Representatives of the classes of each free node, in first-seen order. */
    readonly reps: readonly [NodeRow[], NodeRow[]],
    /** counts[c0 * reps[1].length + c1] (c1 = 0 with one free node): circuits of that class pair. */
    readonly counts: Float64Array,
    /** All the circuits of the subtree. */
    readonly circuits: number,
    /** bounds[(f * 2 + 0 | 1) * P + p]: least / greatest output contribution of free node f on pattern p. */
    readonly bounds: Float64Array,
    /**
     * One free node: per option, the rank of its class among the classes with circuits (the
     * order of a memo row's sealed counts; -1 when the option does not cover); empty for two.
     */
    readonly optionRank: Int32Array = new Int32Array(0),
  ) {}
}

/** Widest first layer a cache key holds (groundingFast.ts MAX_ROW_BITS). */
const COVER_BITS = 12;

export class SubtreeGroups {
  private readonly cache = new Map<number, SubtreeGroup>();
  private local: Int32Array[] = [new Int32Array(0), new Int32Array(0)];

  constructor(private readonly P: number) {}

  /** A new unit: every grouping is stale. */
  reset(): void {
    this.cache.clear();
  }

  /**
   * The completions of `freeNodes` (the last on nodes of the unit, fixed per unit and count) over
   * `options` that cover m1 together with `covered`.
   */
  group(unit: UnitTables, freeNodes: Uint8Array, options: Uint32Array, covered: number, m1: number): SubtreeGroup {
    const key = freeNodes.length * 2 ** COVER_BITS + covered;
    let g = this.cache.get(key);
    if (!g) this.cache.set(key, (g = this.build(unit, freeNodes, options, covered, m1)));
    return g;
  }

  private build(unit: UnitTables, freeNodes: Uint8Array, options: Uint32Array, covered: number, m1: number): SubtreeGroup {
    const { P } = this;
    const O = options.length;
    const free = freeNodes.length;
    const bounds = new Float64Array(4 * P).fill(NaN);
    const reps: [NodeRow[], NodeRow[]] = [[], []];
    for (let f = 0; f < free; f++) {
      const mine = reps[f] as NodeRow[];
      if ((this.local[f] as Int32Array).length < O) this.local[f] = new Int32Array(O);
      const local = this.local[f] as Int32Array;
      const seen = new Map<number, number>();
      for (let i = 0; i < O; i++) {
        const node = unit.node(freeNodes[f] as number, options[i] as number);
        const cls = unit.classOf(node);
        let c = seen.get(cls);
        if (c === undefined) {
          seen.set(cls, (c = mine.length));
          mine.push(node);
        }
        local[i] = c;
        for (let p = 0; p < P; p++) {
          const v = node.contrib[p] as number;
          const at = f * 2 * P + p;
          if (!(v >= (bounds[at] as number))) bounds[at] = v; // NaN at first: the first value wins
          if (!(v <= (bounds[at + P] as number))) bounds[at + P] = v;
        }
      }
    }
    const C1 = free === 2 ? reps[1].length : 1;
    const counts = new Float64Array(reps[0].length * C1);
    const first = this.local[0] as Int32Array;
    const second = this.local[1] as Int32Array;
    let circuits = 0;
    for (let i = 0; i < O; i++) {
      const after = covered | (options[i] as number);
      if (free === 1) {
        if ((after & m1) !== m1) continue;
        counts[first[i] as number] = (counts[first[i] as number] as number) + 1;
        circuits++;
        continue;
      }
      const row = (first[i] as number) * C1;
      for (let k = 0; k < O; k++) {
        if (((after | (options[k] as number)) & m1) !== m1) continue;
        counts[row + (second[k] as number)] = (counts[row + (second[k] as number)] as number) + 1;
        circuits++;
      }
    }
    const optionRank = new Int32Array(free === 1 ? O : 0).fill(-1);
    if (free === 1) {
      const rank = new Int32Array(counts.length);
      let live = 0;
      for (let c = 0; c < counts.length; c++) rank[c] = counts[c] !== 0 ? live++ : -1;
      for (let i = 0; i < O; i++) if (((covered | (options[i] as number)) & m1) === m1) optionRank[i] = rank[first[i] as number] as number;
    }
    return new SubtreeGroup(free, reps, counts, circuits, bounds, optionRank);
  }
}
