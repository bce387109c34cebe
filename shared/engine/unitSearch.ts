/**
 * The state of the circuit search over one unit at a time (evaluateCircuits.ts): the layers'
 * activations on the validation samples, the rows chosen so far, the last hidden pair's tables
 * and its output search; and the steps every network shape shares: a layer's activations from the
 * rows chosen, and the last hidden pair searched.
 */
import { bitList } from './bits.js';
import { activationOf, preActivation } from './network.js';
import { createOutputSearch, type OutputSearch } from './outputSearch.js';
import type { OutputTest } from './outputTest.js';
import { RowTables } from './rowTables.js';
import type { SampleSet } from './samples.js';
import type { NetworkModel } from './types.js';

/** Cached tables of the last hidden pair are bounded to this many float64 values in all. */
const TABLE_CACHE_VALUES = 8_000_000;

/** One output's search state, made once per call of evaluateCircuits and reused unit by unit. */
export class UnitSearch {
  readonly L: number;
  readonly count: number;
  readonly failBudget: number;
  readonly samples: SampleSet;
  readonly test: OutputTest;
  readonly acts: Float32Array[];
  readonly rows: Uint32Array[];
  readonly masks: Uint32Array;
  readonly search: OutputSearch;
  readonly emit: () => void;
  /** Last-hidden-pair tables keyed by first-pair edge mask index, for one layer-1 mask. */
  readonly cache = new Map<number, RowTables>();
  /**
   * The cache's tables of the layer-1 masks before (and of this thread's last search of the same
   * shape: `release`), filled again rather than made anew. Six typed arrays a table were made and
   * collected for every first-pair row of every mask, and again in every slice: MAJORITY
   * [3, 5, 5, 1] under the paper's filter took 4.2-4.5 s in one slice and 6.3 s in 60, against
   * 3.9-4.1 s and 4.8 s reusing them.
   */
  spare: RowTables[] = [];
  cacheMask = -1;
  readonly cacheLimit: number;
  scratch: RowTables;
  /**
   * Past two hidden layers, a part of a unit: its second-pair edge masks [partFrom, partTo) in
   * search order, and the index of the next one the search meets.
   */
  partFrom = 0;
  partTo = Infinity;
  partAt = 0;

  /** The tables' dimensions, which a search of another shape cannot reuse. */
  private readonly shape: string;

  constructor(readonly model: NetworkModel, test: OutputTest, onKept: (nodeMasks: Uint32Array, rows: readonly Uint32Array[]) => unknown) {
    const sizes = model.layerSizes;
    const { samples, lo, hi } = test;
    this.test = test;
    this.samples = samples;
    this.L = sizes.length - 1;
    this.count = samples.count;
    this.failBudget = test.failBudget;
    this.acts = sizes.map((n) => new Float32Array(n * samples.count));
    this.rows = sizes.slice(1).map((n) => new Uint32Array(n));
    this.masks = new Uint32Array(this.L);
    const last = this.L - 1;
    const nUpper = sizes[last] as number;
    const nLower = sizes[last - 1] as number;
    this.search = createOutputSearch(samples.count, nUpper, samples.weight, this.failBudget, lo, hi);
    this.scratch = new RowTables(nUpper, nLower, samples.count);
    const perTable = nUpper * (2 ** nLower) * samples.count * 2;
    this.cacheLimit = this.L === 3 ? Math.floor(TABLE_CACHE_VALUES / perTable) : 0;
    this.shape = `${nUpper}:${nLower}:${samples.count}`;
    if (this.cacheLimit > 0 && released?.shape === this.shape) {
      this.spare = released.tables;
      released = null;
    }
    const { masks, rows } = this;
    this.emit = (): void => void onKept(masks, rows);
  }

  /**
   * The search is over: its tables go to this thread's next search of the same shape (the next
   * slice's, most often). A search takes them whole when it starts, so no table serves two
   * searches at once, a nested one included. At most `cacheLimit` tables are held (64 MB).
   */
  release(): void {
    if (this.cacheLimit === 0) return;
    for (const t of this.cache.values()) this.spare.push(t);
    this.cache.clear();
    this.cacheMask = -1;
    released = { shape: this.shape, tables: this.spare };
    this.spare = [];
  }
}

/** The tables the thread's last finished search left (UnitSearch.release), until a search of their shape takes them. */
let released: { readonly shape: string; readonly tables: RowTables[] } | null = null;

export function loadInputs(s: UnitSearch): void {
  const inputs = s.acts[0] as Float32Array;
  const { count, nIn, x } = s.samples;
  // Inputs are stored node-major like every other layer: acts[l][node * count + sample].
  for (let p = 0; p < count; p++) for (let i = 0; i < nIn; i++) inputs[i * count + p] = x[p * nIn + i] as number;
}

/** Searches pair l = L - 1 with filled tables; the output pair has its one valid mask. */
export function runLastPair(s: UnitSearch, l: number, tables: RowTables, options: Uint32Array): void {
  const upperMask = s.masks[l - 1] as number;
  const rows = s.rows[l - 1] as Uint32Array;
  rows.fill(0); // rows of nodes that are off in this combo stay empty
  (s.rows[s.L - 1] as Uint32Array)[0] = upperMask;
  s.search.run(tables, bitList(upperMask), options, s.masks[l - 2] as number, rows, s.emit);
}

/** Activations of layer l's on nodes from layer l-1 and the current rows of pair l. */
export function layerActs(s: UnitSearch, l: number): void {
  const mask = s.masks[l - 1] as number;
  const rows = s.rows[l - 1] as Uint32Array;
  const on = bitList(mask);
  for (let k = 0; k < on.length; k++) {
    const j = on[k] as number;
    nodeActs(s, l, j, rows[j] as number);
  }
}

/** Writes node j of layer l, fed by the lower nodes in `row`, into acts[l]. */
export function nodeActs(s: UnitSearch, l: number, j: number, row: number): void {
  const count = s.count;
  const nIn = s.model.layerSizes[l - 1] as number;
  const w = s.model.weights[l - 1] as Float32Array;
  const b = (s.model.biases[l - 1] as Float32Array)[j] as number;
  const prev = s.acts[l - 1] as Float32Array;
  const out = s.acts[l] as Float32Array;
  const lower = bitList(row);
  const at = j * count;
  const act = activationOf(s.model, l - 1);
  for (let p = 0; p < count; p++) {
    let dot = 0;
    for (let k = 0; k < lower.length; k++) {
      const i = lower[k] as number;
      dot += (w[j * nIn + i] as number) * (prev[i * count + p] as number);
    }
    out[at + p] = act(preActivation(dot, b));
  }
}
