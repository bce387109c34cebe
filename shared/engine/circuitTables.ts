/**
 * Truth tables of every on node of a circuit on the grounding patterns, in the layout the
 * grounding DP walks: per layer, per on node (ascending), its tables and its parents' positions
 * among the previous layer's on nodes. Same values as `circuitTables` (truthTables.ts), computed
 * with reused scratch buffers because the groundings stage tables thousands of circuits.
 */
import { bitList } from './bits.js';
import type { CircuitCode } from './circuitRecord.js';
import { activationOf, preActivation, roundHalfEven } from './network.js';
import type { GroundingPatterns } from './truthTables.js';
import type { NetworkModel } from './types.js';

const f32 = Math.fround;

export interface TableNode {
  readonly tables: number[];
  /** Positions of the parents among the previous layer's on nodes, ascending. */
  readonly parents: number[];
  /**
   * The node j and its row: j * 2^(nodes below) + row, unique within the layer (and a small
   * integer, which V8's maps hash fast, up to 2^30). With the layers below unchanged, the same key
   * means the same tables and parents (gateVectors.ts keeps the node's gate counts by it).
   */
  readonly key: number;
}

export interface TableLayers {
  /** Number of non-input layers L; nodes[l - 1] are layer l's on nodes. */
  readonly count: number;
  readonly nodes: TableNode[][];
  /** Joint choices per layer: the product of its nodes' table counts. */
  readonly states: number[];
  /** Chosen table per on node of layer index l for joint state s (node 0 most significant). */
  decode(l: number, s: number): Int32Array;
}

/**
 * Tables of a node from its values over the patterns (the rule of `nodeTables`), written at the
 * start of `out` (room for n - 1); returns how many. Typed, because emptying a JS array to refill
 * it drops its storage in V8, and the fast count tables a node tens of millions of times.
 */
export function tablesOf(values: Float64Array, n: number, sorted: Float64Array, out: Int32Array): number {
  // Distinct values ascending (-0 counts as 0), by insertion into a short sorted list.
  let d = 0;
  for (let p = 0; p < n; p++) {
    const v = (values[p] as number) || 0;
    let k = d;
    while (k > 0 && (sorted[k - 1] as number) > v) k--;
    if (k > 0 && sorted[k - 1] === v) continue;
    sorted.copyWithin(k + 1, k, d);
    sorted[k] = v;
    d++;
  }
  let m = 0;
  for (let g = 0; g + 1 < d; g++) {
    const t = f32(f32((sorted[g] as number) + (sorted[g + 1] as number)) / 2);
    let table = 0;
    for (let p = 0; p < n; p++) if ((values[p] as number) > t) table |= 1 << p;
    if (table !== 0) out[m++] = table; // a midpoint that rounds up to the top value: skipped
  }
  return m;
}

/** A layer's joint choices of tables: the product of its nodes' table counts. */
export function jointStates(layer: readonly TableNode[]): number {
  let states = 1;
  for (const node of layer) states *= node.tables.length;
  return states;
}

/** A hidden node as the tabler made it: null when it has no truth table; its float32 values per pattern. */
interface KnownNode {
  readonly node: TableNode | null;
  readonly values: Float32Array;
  readonly generation: number;
}

/** Nodes a layer keeps by key before it forgets them all (rows of a wide layer below). */
const MAX_KNOWN = 1 << 16;
/** Float32 values a layer's arrays by key may hold (4 MB); past it (many patterns) the layer keeps a Map. */
const MAX_KNOWN_VALUES = 1 << 20;

/**
 * One layer's nodes made while no layer below changed, by key, with their values. A layer whose
 * keys are few (a node and its row below 2^16 in all) keeps them in arrays indexed by key: a Map
 * from keys was most of the tabler's time on a narrow deep network.
 */
class KnownLayer {
  private readonly nodes: (TableNode | null)[] = [];
  /** stamp[key]: the generation its node was made in, plus one (0: none). */
  private readonly stamp: Float64Array;
  private readonly values: Float32Array;
  private readonly byKey = new Map<number, KnownNode>();

  constructor(
    keys: number,
    private readonly n: number,
    denseKeys: number,
  ) {
    const dense = keys <= denseKeys && keys * n <= MAX_KNOWN_VALUES;
    this.stamp = new Float64Array(dense ? keys : 0);
    this.values = new Float32Array(dense ? keys * n : 0);
  }

  /** The node of `key` made in `generation`, its values copied into `acts` at `at`; undefined when not kept. */
  find(key: number, generation: number, acts: Float32Array, at: number): TableNode | null | undefined {
    const { n } = this;
    if (this.stamp.length > 0) {
      if (this.stamp[key] !== generation + 1) return undefined;
      // A loop: a subarray per call (a new view) was the most of this method's time.
      const { values } = this;
      for (let p = 0; p < n; p++) acts[at + p] = values[key * n + p] as number;
      return this.nodes[key] as TableNode | null;
    }
    const hit = this.byKey.get(key);
    if (!hit || hit.generation !== generation) return undefined;
    acts.set(hit.values, at);
    return hit.node;
  }

  /** Keeps `node` of `key`, made in `generation`, with its values in `acts` from `at`. */
  keep(key: number, generation: number, node: TableNode | null, acts: Float32Array, at: number): void {
    const { n } = this;
    if (this.stamp.length > 0) {
      this.nodes[key] = node;
      this.stamp[key] = generation + 1;
      const { values } = this;
      for (let p = 0; p < n; p++) values[key * n + p] = acts[at + p] as number;
      return;
    }
    if (this.byKey.size > MAX_KNOWN) this.byKey.clear();
    this.byKey.set(key, { node, values: acts.slice(at, at + n), generation });
  }
}

export class CircuitTabler {
  private readonly acts: Float32Array[];
  private readonly values: Float64Array;
  private readonly sorted: Float64Array;
  private readonly tableScratch: Int32Array;
  private readonly decoded: Int32Array[];
  /** made[l]: layer l's nodes as `layer` last made them in full, while no layer below has been made since (else null). */
  private readonly made: (readonly TableNode[] | null)[];
  /**
   * known[l]: layer l's nodes by key with their values, made while no layer below has been made
   * since (entries of an older generation, generation[l], are stale). A deep DP's circuits move the
   * last hidden layer's last node through the same few rows over and over: made afresh each time,
   * it was a tenth of a heavy slice.
   */
  private readonly known: KnownLayer[];
  /** strides[l]: layer l's keys are j * strides[l] + row, a row (a uint32) being below 2^(nodes below). */
  private readonly strides: number[];
  private readonly generation: number[];

  /** @param denseKeys a layer of at most this many keys keeps its nodes in arrays by key, else in a Map (tests lower it). */
  constructor(
    private readonly model: NetworkModel,
    private readonly patterns: GroundingPatterns,
    denseKeys = MAX_KNOWN,
  ) {
    const sizes = model.layerSizes;
    const n = patterns.count;
    this.acts = sizes.map((w) => new Float32Array(w * n));
    const input = this.acts[0] as Float32Array;
    const nIn = sizes[0] as number;
    for (let p = 0; p < n; p++) for (let i = 0; i < nIn; i++) input[i * n + p] = patterns.x[p * nIn + i] as number;
    this.values = new Float64Array(n);
    this.sorted = new Float64Array(n + 1);
    this.tableScratch = new Int32Array(n + 1);
    this.decoded = sizes.slice(1).map((w) => new Int32Array(w));
    this.made = sizes.map(() => null);
    const L = sizes.length - 1;
    this.strides = sizes.map((_, l) => (l === 0 ? 0 : 2 ** Math.min(sizes[l - 1] as number, 32)));
    this.known = sizes.map((w, l) => new KnownLayer(l === 0 || l === L ? 0 : w * (this.strides[l] as number), n, denseKeys));
    this.generation = sizes.map(() => 0);
  }

  /** The circuit's table layers, or null when some on node has no truth table (no grounding). */
  tables(code: CircuitCode): TableLayers | null {
    const L = this.model.layerSizes.length - 1;
    const nodes: TableNode[][] = [];
    const states: number[] = [];
    for (let l = 1; l <= L; l++) {
      const layer = this.layer(code, l);
      if (!layer) return null;
      nodes.push(layer);
      states.push(jointStates(layer));
    }
    const { decoded } = this;
    return {
      count: L,
      nodes,
      states,
      decode(l: number, s: number): Int32Array {
        const layer = nodes[l] as TableNode[];
        const out = decoded[l] as Int32Array;
        for (let r = layer.length - 1; r >= 0; r--) {
          const options = (layer[r] as TableNode).tables;
          out[r] = options[s % options.length] as number;
          s = Math.floor(s / options.length);
        }
        return out;
      },
    };
  }

  /**
   * Layer l's on nodes (1 = the first hidden layer, L = the output), from the values this tabler
   * last computed for layer l - 1's on nodes, which must be this circuit's: `tables` goes up from
   * layer 1; groundingDp.ts redoes only the layers from the first that changed. Null when some
   * node has no truth table. When this tabler made layer l in full and no layer below since, a
   * node of the same key is taken as it was, since its values here are still its own (a DP's next
   * circuit mostly moves one node's row of the layer: its other nodes were a tenth of the deep DP's
   * run).
   */
  layer(code: CircuitCode, l: number): TableNode[] | null {
    const { model, values, sorted, patterns, made } = this;
    const sizes = model.layerSizes;
    const L = sizes.length - 1;
    const reuse = made[l];
    // Layer l's values change now: the layers above it are no longer made over them. (A loop:
    // Array.prototype.fill was 2.6% of a narrow deep network's run.)
    for (let k = l; k < made.length; k++) made[k] = null;
    const { generation } = this;
    for (let k = l + 1; k <= L; k++) generation[k] = (generation[k] as number) + 1;
    const known = l < L ? (this.known[l] as KnownLayer) : null;
    const n = patterns.count;
    const stride = this.strides[l] as number;
    const acts = this.acts[l] as Float32Array;
    const lowerMask = l === 1 ? 2 ** (sizes[0] as number) - 1 : (code.masks[l - 2] as number);
    const lowerOn = bitList(lowerMask);
    const on = bitList(code.masks[l - 1] as number);
    const rows = code.rows[l - 1] as Uint32Array;
    const layer: TableNode[] = [];
    let next = 0;
    for (let r = 0; r < on.length; r++) {
      const j = on[r] as number;
      const row = (rows[j] as number) & lowerMask;
      const key = j * stride + (row >>> 0);
      if (reuse) {
        // Both lists ascend by node, and so by key.
        while (next < reuse.length && (reuse[next] as TableNode).key < key) next++;
        const same = reuse[next];
        if (same && same.key === key) {
          layer.push(same);
          continue;
        }
      }
      const hit = known?.find(key, generation[l] as number, acts, j * n);
      if (hit !== undefined) {
        if (!hit) return null;
        layer.push(hit);
        continue;
      }
      this.nodeValues(l, j, row, values);
      if (l === L) for (let p = 0; p < n; p++) values[p] = roundHalfEven(values[p] as number);
      // Copied by hand: Array.from over a fresh subarray was most of this method's time (the DP asks for a layer per circuit).
      const found = tablesOf(values, n, sorted, this.tableScratch);
      const tables: number[] = [];
      for (let i = 0; i < found; i++) tables.push(this.tableScratch[i] as number);
      let node: TableNode | null = null;
      if (tables.length > 0) {
        const parents: number[] = [];
        for (let k = 0; k < lowerOn.length; k++) if ((row >>> (lowerOn[k] as number)) & 1) parents.push(k);
        node = { tables, parents: l === 1 ? [] : parents, key };
      }
      known?.keep(key, generation[l] as number, node, acts, j * n);
      if (!node) return null;
      layer.push(node);
    }
    made[l] = layer;
    return layer;
  }

  /** Node j of layer l fed by `row`: writes its float32 values into acts and `values`. */
  private nodeValues(l: number, j: number, row: number, values: Float64Array): void {
    const { model, acts } = this;
    const n = this.patterns.count;
    const nIn = model.layerSizes[l - 1] as number;
    const w = model.weights[l - 1] as Float32Array;
    const b = (model.biases[l - 1] as Float32Array)[j] as number;
    const prev = acts[l - 1] as Float32Array;
    const cur = acts[l] as Float32Array;
    const lower = bitList(row);
    const act = activationOf(model, l - 1);
    for (let p = 0; p < n; p++) {
      let dot = 0;
      for (let k = 0; k < lower.length; k++) {
        const i = lower[k] as number;
        dot += (w[j * nIn + i] as number) * (prev[i * n + p] as number);
      }
      const v = act(preActivation(dot, b));
      cur[j * n + p] = v;
      values[p] = v;
    }
  }
}
