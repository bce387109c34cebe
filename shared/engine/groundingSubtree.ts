/**
 * The circuits of a subtree the search accepts whole (outputSearch.ts `emitAll`): the last one or
 * two on second-layer nodes take every row (a non-empty subset of the first layer's on nodes) such
 * that all rows cover those nodes. Their grounding counts depend on the free nodes only through
 * their factors, so the completions are counted per class of equal factors (groundingUnit.ts
 * `classOf`): groundingFast.ts then needs one sum per class (pair), not one per circuit.
 */
import type { NodeRow, UnitTables } from './groundingUnit.js';

export class SubtreeGroups {
  /** Free nodes (1 or 2). */
  free = 0;
  /** Representatives of the classes of each free node, in first-seen order. */
  readonly reps: NodeRow[][] = [[], []];
  /** counts[c0 * reps[1].length + c1] (c1 = 0 with one free node): circuits of that class pair. */
  counts = new Float64Array(0);
  /** All the circuits of the subtree. */
  circuits = 0;
  /** bounds[(f * 2 + 0 | 1) * P + p]: least / greatest output contribution of free node f on pattern p. */
  bounds: Float64Array;
  private readonly local: Int32Array[] = [new Int32Array(0), new Int32Array(0)];

  constructor(private readonly P: number) {
    this.bounds = new Float64Array(4 * P);
  }

  /** Groups the completions of `freeNodes` over `options` that cover m1 together with `covered`. */
  build(unit: UnitTables, freeNodes: Uint8Array, options: Uint32Array, covered: number, m1: number): void {
    const { P, bounds } = this;
    const O = options.length;
    this.free = freeNodes.length;
    bounds.fill(NaN);
    for (let f = 0; f < this.free; f++) {
      const reps = (this.reps[f] as NodeRow[]);
      reps.length = 0;
      if ((this.local[f] as Int32Array).length < O) this.local[f] = new Int32Array(O);
      const local = this.local[f] as Int32Array;
      const seen = new Map<number, number>();
      for (let i = 0; i < O; i++) {
        const node = unit.node(freeNodes[f] as number, options[i] as number);
        const cls = unit.classOf(node);
        let c = seen.get(cls);
        if (c === undefined) {
          seen.set(cls, (c = reps.length));
          reps.push(node);
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
    const C1 = this.free === 2 ? (this.reps[1] as NodeRow[]).length : 1;
    const size = (this.reps[0] as NodeRow[]).length * C1;
    if (this.counts.length < size) this.counts = new Float64Array(size);
    const counts = this.counts;
    counts.fill(0, 0, size);
    const first = this.local[0] as Int32Array;
    const second = this.local[1] as Int32Array;
    let circuits = 0;
    for (let i = 0; i < O; i++) {
      const after = covered | (options[i] as number);
      if (this.free === 1) {
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
    this.circuits = circuits;
  }
}
