/**
 * The number of groundings (interpretations) of a circuit, counted by dynamic programming over
 * layers instead of listing every joint choice of truth tables.
 *
 * f_1(s_1) = 1 for every joint choice s_1 of the first hidden layer's tables;
 * f_l(s_l) = sum over s_{l-1} of f_{l-1}(s_{l-1}) * prod over on nodes n of layer l of
 *            gates(n, s_l[n], tables of n's parents in s_{l-1});
 * the total is the sum of f_L. For each s_{l-1} the node factors are looked up (memoised by table
 * and parent tables, which is all they depend on). Counts run in float64, keeping each layer's f
 * for the next circuit that shares the layers up to it (groundingDp.ts), and are redone in BigInt
 * when any value reaches 2^53, so the result is always exact.
 *
 * The paper's shape [n, k1, k2, 1] goes through groundingFast.ts first, which is what makes
 * millions of circuits affordable; this DP remains for every other shape and for the circuits the
 * fast path declines.
 */
import type { CircuitCode } from './circuitRecord.js';
import type { BulkGroundings } from './evaluateCircuits.js';
import { CircuitTabler, type TableLayers } from './circuitTables.js';
import { PrefixDp } from './groundingDp.js';
import { ResidueDp } from './residueDp.js';
import { FastGroundings, type FastGroundingStats } from './groundingFast.js';
import type { GroundingSummary } from './groundingSummary.js';
import type { GroundingPatterns } from './truthTables.js';
import type { NetworkModel } from './types.js';
import { WideGateCount } from './wideGates.js';
import { localGateCount } from './localGates.js';

export { localGateCount } from './localGates.js';

const EXACT = 2 ** 53;
const EXACT_BIG = 2n ** 53n;
/** See GroundingCounter.pastFloat: past about two thirds of recent counts above 2^53. */
const SKIP_FLOAT = 8;
/** Gate-count memos of up to 2^DENSE_BITS keys are arrays (512 KB at most each; four patterns: up to three parents): larger ones, read sparsely, missed the caches where a small Map did not (a width-6 network 10-25% slower with 2^20). */
const DENSE_BITS = 16;

export interface GroundingCounterOptions {
  /** Count the shape [n, k1, k2, 1] with groundingFast.ts. Off only to test it against the DP. @default true */
  readonly fastPath?: boolean;
  /** The primes residueDp.ts counts past float64 with (tests give small ones to reach BigInt). @default RESIDUE_PRIMES */
  readonly residuePrimes?: readonly number[];
}

/**
 * Counts by path: `fast` circuits counted by groundingFast.ts, `dp` by the plain DP; `bigint` of
 * those past float64, `residue` of these counted by residueDp.ts (the rest by the DP in BigInt).
 */
export interface GroundingCounterStats extends FastGroundingStats {
  fast: number;
  dp: number;
  bigint: number;
  residue: number;
}

/** Counts groundings of many circuits of one network on one pattern set, reusing scratch and memo. */
export class GroundingCounter {
  private readonly tabler: CircuitTabler;
  private readonly dp: PrefixDp;
  private readonly memos: (Map<number, number> | undefined)[] = [];
  private readonly dense: (Float64Array | undefined)[] = [];
  private readonly fast: FastGroundings | null;
  /** Counts past the memos' keys, cached (wideGates.ts); made on the first (three-input tasks). */
  private wide: WideGateCount | null = null;
  private readonly counts = { fast: 0, dp: 0, bigint: 0, residue: 0 };
  /** Made on the first circuit past float64 (most networks have none). */
  private residues: ResidueDp | null = null;
  /**
   * Rises by two with each count past 2^53, falls by one with each below: from SKIP_FLOAT on, the
   * float DP's attempt (which would stop at 2^53 and be thrown away) is skipped and the residues
   * count directly. Either way the count is exact; this only picks the cheaper path.
   */
  private pastFloat = 0;

  /**
   * @param exactLimit float64 sums stay exact below this (the fast path's scaled sums too); at or
   * above it the circuit is recounted by the DP, in BigInt. Lower it only to exercise those paths
   * in tests. @default 2^53
   */
  constructor(
    private readonly model: NetworkModel,
    private readonly patterns: GroundingPatterns,
    exactLimit: number = EXACT,
    private readonly options: GroundingCounterOptions = {},
  ) {
    this.tabler = new CircuitTabler(model, patterns);
    this.dp = new PrefixDp(model, patterns, (t, parents) => this.gates(t, parents), exactLimit);
    const fast = options.fastPath ?? true;
    this.fast = fast && model.layerSizes.length === 4 ? new FastGroundings(model, patterns, (t, parents) => this.gates(t, parents), exactLimit) : null;
  }

  /** The count as a float64 when the fast path has it exactly, else NaN (then call `count`). */
  countFast(code: CircuitCode): number {
    const v = this.fast ? this.fast.count(code) : NaN;
    if (!Number.isNaN(v)) this.counts.fast++;
    return v;
  }

  count(code: CircuitCode): bigint {
    const v = this.countFast(code);
    return Number.isNaN(v) ? this.countPlain(code) : BigInt(v);
  }

  /** The count by the plain DP (for a circuit `countFast` declined). */
  countPlain(code: CircuitCode): bigint {
    this.counts.dp++;
    if (this.pastFloat < SKIP_FLOAT) {
      const v = this.dp.count(code);
      if (!Number.isNaN(v)) {
        if (this.pastFloat > 0) this.pastFloat--;
        return BigInt(v);
      }
    }
    this.counts.bigint++;
    this.residues ??= new ResidueDp(this.model, this.patterns, (t, parents) => this.gates(t, parents), this.options.residuePrimes);
    const n = this.residues.count(code);
    if (n === null) {
      const layers = this.tabler.tables(code);
      return layers ? runBig(layers, (t, parents) => this.gates(t, parents)) : 0n;
    }
    this.counts.residue++;
    this.pastFloat = n < EXACT_BIG ? Math.max(this.pastFloat - 1, 0) : Math.min(this.pastFloat + 2, 2 * SKIP_FLOAT);
    return n;
  }

  /**
   * What the circuit search counts in bulk into `summary`: whole accepted subtrees (the last
   * `free` rows open, covering the first layer's on nodes; FastGroundings.countSubtree) and the
   * kept options of a last row (FastGroundings.countLastRow). Each returns the number of circuits,
   * or -1 (nothing added) when the caller must count them one by one.
   */
  bulkGroundings(summary: GroundingSummary): BulkGroundings {
    const fast = this.fast;
    return {
      subtree: (code, free) => (fast ? fast.countSubtree(code, free, summary) : -1),
      lastRow: (code, lo, hi) => (fast ? fast.countLastRow(code, lo, hi, summary) : -1),
    };
  }

  /** Completes the summaries `bulkGroundings` counted into (it tallies equal subtrees first). */
  flushSubtrees(): void {
    this.fast?.flush();
  }

  /** How the circuits counted so far were counted (for benchmarks and tests). */
  stats(): GroundingCounterStats {
    const fast = this.fast?.stats ?? { units: 0, nodeRows: 0, prefixes: 0, leaves: 0, declined: 0 };
    return { ...fast, ...this.counts };
  }

  /** Local gate count of table t given the parents' chosen tables, memoised. */
  gates(t: number, parents: Int32Array | number[]): number {
    const n = parents.length;
    const P = this.patterns.count;
    // One memo per parent count, keyed by the tables packed into a small integer: an array indexed
    // by it while that needs at most 2^DENSE_BITS slots (a Map's lookup was most of the DP's time
    // on a depth-4 network), a Map up to 30 bits, past that a cache of fixed size (wideGates.ts).
    // Eight patterns and more (three inputs) take the cache from two parents on: a node of two
    // parents there is 24 bits, and the Map's lookups were 13% of a PARITY k = 5 slice.
    const bits = P * (n + 1);
    if (bits > 30 || (bits > DENSE_BITS && P > 4)) return (this.wide ??= new WideGateCount(P, Math.max(...this.model.layerSizes))).gates(t, parents);
    let key = 0;
    for (let i = 0; i < n; i++) key = (key << P) | (parents[i] as number);
    key = (key << P) | t;
    if (bits <= DENSE_BITS) {
      const dense = this.dense[n] ?? (this.dense[n] = new Float64Array(2 ** bits).fill(NaN));
      let g = dense[key] as number;
      if (g !== g) dense[key] = g = localGateCount(t, parents, P); // NaN: not yet counted
      return g;
    }
    const memo = this.memos[n] ?? (this.memos[n] = new Map<number, number>());
    let g = memo.get(key);
    if (g === undefined) memo.set(key, (g = localGateCount(t, parents, P)));
    return g;
  }
}

/** The plain DP in BigInt, for the circuits past what residueDp.ts's primes hold (about 2^415). */
function runBig(layers: TableLayers, gates: (t: number, parents: number[]) => number): bigint {
  let f: bigint[] = new Array<bigint>(layers.states[0] as number).fill(1n);
  for (let l = 1; l < layers.count; l++) {
    const layer = layers.nodes[l] as TableLayers['nodes'][number];
    const next: bigint[] = new Array<bigint>(layers.states[l] as number).fill(0n);
    for (let sp = 0; sp < f.length; sp++) {
      if (f[sp] === 0n) continue;
      const chosen = Array.from(layers.decode(l - 1, sp));
      const fac = layer.map((node) => node.tables.map((t) => BigInt(gates(t, node.parents.map((q) => chosen[q] as number)))));
      for (let s = 0; s < next.length; s++) {
        let prod = f[sp] as bigint;
        let rest = s;
        for (let r = layer.length - 1; r >= 0; r--) {
          const fr = fac[r] as bigint[];
          prod *= fr[rest % fr.length] as bigint;
          rest = Math.floor(rest / fr.length);
        }
        next[s] = (next[s] as bigint) + prod;
      }
    }
    f = next;
  }
  return f.reduce((a, b) => a + b, 0n);
}

/** Exact number of groundings of one circuit (one-off; use GroundingCounter for many). */
export function groundingCount(model: NetworkModel, patterns: GroundingPatterns, code: CircuitCode): bigint {
  return new GroundingCounter(model, patterns).count(code);
}
