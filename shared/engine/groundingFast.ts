/**
 * Grounding counts of the paper's shape [n, k1, k2, 1] for millions of circuits, exactly.
 *
 * With s the joint choice of first-layer tables, second-layer node j's admissible gates
 * g_j(t | s), and the output's gate count depending only on the partition of the patterns that the
 * second layer's tables induce (for any output parent count but two), Möbius inversion on the
 * partition lattice (partitions.ts) turns the sum over every joint choice of second-layer tables
 * into
 *
 *   count = sum over s and sigma of Ĝ(sigma) * prod over on second-layer nodes j of a_j(sigma | s),
 *   a_j(sigma | s) = sum of g_j(t | s) over the tables t of j that are unions of blocks of sigma.
 *
 * a_j depends only on node j's edge row once the unit (node masks, first-pair rows) is fixed, so
 * it is built once per (node, row) and unit (groundingUnit.ts). Circuits arrive in search order:
 * the rows of all but the last on node change rarely, so the product over those nodes times Ĝ is
 * kept (prefixTerms.ts), and a circuit costs one sparse dot product with its last node's a.
 *
 * Exactness: every factor is divided by its largest power of two, leaving small integers, and
 * float64 sums and products of integers are exact while their magnitudes stay below 2^53 (rounding
 * is monotone, so a sum of non-negative terms that reached 2^53 cannot come back below it); the
 * count is that exact integer times a power of two, itself a float64. An output with two parents
 * drops the XOR and XNOR completions, which the partitions cannot see: those circuits are summed
 * over the tables instead (twoParentOutput.ts), one by one. A circuit that fails a check or has
 * another shape gets NaN, and the caller counts it with the plain DP.
 */
import { bitList, popcount, subsetList } from './bits.js';
import type { CircuitCode } from './circuitRecord.js';
import { SubtreeGroups } from './groundingSubtree.js';
import { SubtreeCounter } from './subtreeCount.js';
import { UnitTables, type GateCount } from './groundingUnit.js';
import { OutputKeys } from './outputKeys.js';
import { MAX_LATTICE_PATTERNS, partitionLattice, type PartitionLattice } from './partitions.js';
import { PrefixTerms } from './prefixTerms.js';
import { TwoParentOutput } from './twoParentOutput.js';
import type { GroundingSummary } from './groundingSummary.js';
import type { GroundingPatterns } from './truthTables.js';
import type { NetworkModel } from './types.js';

/** Widest first hidden layer: rows are indexed densely by their 2^k1 bitmasks. */
const MAX_ROW_BITS = 12;
/** (first-layer states) x (partitions) above this: the unit goes to the plain DP. */
const MAX_DIM = 1 << 16;
/** Float64 values all (node, row) factors may hold together (256 MB): wide networks get a lower MAX_DIM. */
const MAX_FACTOR_VALUES = 2 ** 25;

/** 2^e for e < 1024, exact; a count times 2^1024 or more is past float64 and goes to the plain DP. */
const POW2 = Float64Array.from({ length: 1024 }, (_, e) => 2 ** e);

/** What the fast path did, for measurements (plain counters, no clock). */
export interface FastGroundingStats {
  /** Units loaded (node masks and first-pair rows changed). */
  units: number;
  /** (second-layer node, row) factors built: once per unit and pair used. */
  nodeRows: number;
  /** Prefix products rebuilt (rows of the on nodes but the last changed). */
  prefixes: number;
  /** Circuits that reached the dot product. */
  leaves: number;
  /** Circuits handed back to the plain DP. */
  declined: number;
}

export class FastGroundings {
  private readonly counters = { units: 0, leaves: 0, declined: 0 };
  private readonly P: number;
  private readonly unit: UnitTables | null;
  private readonly lattice: PartitionLattice | null;
  private readonly prefix: PrefixTerms;
  private readonly maxDim: number;
  /** The output's keys and Ĝ; null with the unit. */
  private readonly keys: OutputKeys | null;
  private m2 = -1;
  private on2: Uint8Array = new Uint8Array(0);
  /** lastNodes[f]: the last f on nodes of on2 (the free nodes of a subtree), made once per unit. */
  private lastNodes: Uint8Array[] = [];
  private handled = false;
  /** Two on second-layer nodes: counted by `pairs`, never in bulk. */
  private twoParents = false;
  private readonly pairs: TwoParentOutput;
  private readonly subtree: SubtreeGroups;
  private readonly subtrees: SubtreeCounter;
  /** countLastRow's scratch: the options' bounds, and their classes' ranks. */
  private readonly rowBounds: Float64Array;
  private readonly ranks = new Int32Array(64);

  constructor(model: NetworkModel, patterns: GroundingPatterns, gates: GateCount, exactLimit: number) {
    const sizes = model.layerSizes;
    const P = (this.P = patterns.count);
    const k1 = (sizes[1] as number) ?? 0;
    const k2 = (sizes[2] as number) ?? 0;
    const fits = sizes.length === 4 && sizes[3] === 1 && k1 <= MAX_ROW_BITS && P >= 1 && P <= MAX_LATTICE_PATTERNS;
    const lattice = (this.lattice = fits ? partitionLattice(P) : null);
    this.unit = lattice ? new UnitTables(model, patterns, lattice, gates) : null;
    this.keys = lattice ? new OutputKeys(model, P, lattice) : null;
    this.prefix = new PrefixTerms(k2, P, Math.min(exactLimit, 2 ** 53));
    this.subtrees = new SubtreeCounter(this.prefix, Math.min(exactLimit, 2 ** 53));
    this.maxDim = Math.min(MAX_DIM, Math.floor(MAX_FACTOR_VALUES / Math.max(1, k2 * 2 ** k1)));
    this.subtree = new SubtreeGroups(P);
    this.rowBounds = new Float64Array(2 * P);
    this.pairs = new TwoParentOutput(P, gates, Math.min(exactLimit, 2 ** 53));
  }

  get stats(): FastGroundingStats {
    return { ...this.counters, nodeRows: this.unit?.built ?? 0, prefixes: this.prefix.rebuilt };
  }

  /** The exact count, or NaN when this circuit is left to the plain DP. */
  count(code: CircuitCode): number {
    const unit = this.unit;
    if (!unit) return this.decline();
    const { masks, rows } = code;
    const m1 = masks[0] as number;
    const m2 = masks[1] as number;
    if (m2 !== this.m2 || !unit.same(m1, rows[0] as Uint32Array)) this.load(m1, m2, rows[0] as Uint32Array);
    if (!this.handled) return this.decline();
    if (unit.states === 0) return 0; // a first-layer node has no table
    // The output is on and fed by every on second-layer node (always so in the circuit space).
    if (((masks[2] as number) & 1) === 0 || (((rows[2] as Uint32Array)[0] as number) & m2) !== m2) return this.decline();
    const { on2, prefix } = this;
    const n = on2.length;
    const row2 = rows[1] as Uint32Array;
    prefix.update(unit, on2, row2, m1);
    if (prefix.zero) return 0;
    if (prefix.inexact) return this.decline();
    const j = on2[n - 1] as number;
    const last = unit.node(j, ((row2[j] as number) & m1) >>> 0);
    if (!last.a) return 0;
    const keys = this.keys as OutputKeys;
    const key = keys.circuit(prefix.depthDot, n, last.contrib);
    if (key === 0) return 0; // the output has a single value: no table
    this.counters.leaves++;
    let sum: number;
    let shift: number;
    if (this.twoParents) {
      const first = unit.node(on2[0] as number, ((row2[on2[0] as number] as number) & m1) >>> 0);
      sum = this.pairs.scaledCount(first, last, keys.outputTables(key), unit.states);
      shift = first.shift + last.shift;
    } else {
      if (prefix.termsFor !== key) prefix.terms(key, keys.output(key, n), n, unit.dim, (this.lattice as PartitionLattice).size);
      sum = prefix.sum(last);
      shift = prefix.shift + last.shift;
    }
    const value = shift < POW2.length ? sum * (POW2[shift] as number) : Infinity;
    return value < Infinity ? value : this.decline(); // NaN (inexact) fails the test too
  }

  /**
   * Counts in bulk every circuit that completes `code` with rows of its last `free` (1 or 2) on
   * second-layer nodes chosen among the non-empty subsets of the first layer's on nodes, such that
   * all rows cover those nodes (the accepted subtrees of outputSearch.ts), into `summary`. The rows
   * of the free nodes in `code` are ignored. Circuits are grouped by the classes of their free
   * nodes (equal a in the unit), so there is one sum per class (pair), not per circuit, and
   * subtrees with equal prefix terms share those sums (subtreeMemo.ts): what they add reaches
   * `summary` at the next `flush` (or a new unit). Returns the number of circuits, or -1 when they
   * cannot be counted so (another shape, an output that is not the same over the whole subtree,
   * inexact sums); nothing is added then.
   */
  countSubtree(code: CircuitCode, free: number, summary: GroundingSummary): number {
    const unit = this.unit;
    if (!unit || !(free === 1 || free === 2)) return -1;
    const { masks, rows } = code;
    const m1 = masks[0] as number;
    const m2 = masks[1] as number;
    if (m2 !== this.m2 || !unit.same(m1, rows[0] as Uint32Array)) this.load(m1, m2, rows[0] as Uint32Array);
    const { on2, prefix } = this;
    const n = on2.length;
    if (!this.handled || this.twoParents || free > n || ((masks[2] as number) & 1) === 0 || (((rows[2] as Uint32Array)[0] as number) & m2) !== m2) return -1;
    const row2 = rows[1] as Uint32Array;
    const fixed = n - free;
    let covered = 0;
    for (let d = 0; d < fixed; d++) covered |= (row2[on2[d] as number] as number) & m1;
    const groups = this.subtree.group(unit, this.lastNodes[free] as Uint8Array, subsetList(m1), covered, m1);
    const zero = (): number => {
      summary.addNumber(0, groups.circuits);
      return groups.circuits;
    };
    if (unit.states === 0) return zero();
    prefix.update(unit, on2, row2, m1, fixed);
    if (prefix.zero) return zero();
    if (prefix.inexact) return -1;
    const keys = this.keys as OutputKeys;
    const key = keys.bounded(prefix.depthDot, fixed, groups.bounds, free);
    if (key < 0) return -1;
    if (key === 0) return zero(); // the output has a single value
    if (!this.subtrees.tally(unit, groups, free, key, keys.output(key, n), n, (this.lattice as PartitionLattice).size, summary)) return -1;
    return groups.circuits;
  }

  /**
   * Counts the circuits that complete `code` with the last on second-layer node's row among the
   * options (subsets of the first layer's on nodes, ascending) whose bits are set in lo (0..31)
   * and hi (32..), every one covering those nodes with the other rows (the kept options of the
   * search's last row): as `countSubtree` with one free node, counted from the same sums but
   * only for these options. Returns the number of circuits, or -1 (nothing added) when they must
   * be counted one by one.
   */
  countLastRow(code: CircuitCode, lo: number, hi: number, summary: GroundingSummary): number {
    const unit = this.unit;
    if (!unit) return -1;
    const { masks, rows } = code;
    const m1 = masks[0] as number;
    const m2 = masks[1] as number;
    if (m2 !== this.m2 || !unit.same(m1, rows[0] as Uint32Array)) this.load(m1, m2, rows[0] as Uint32Array);
    const { on2, prefix, P } = this;
    const n = on2.length;
    if (!this.handled || this.twoParents || ((masks[2] as number) & 1) === 0 || (((rows[2] as Uint32Array)[0] as number) & m2) !== m2) return -1;
    const circuits = popcount(lo) + popcount(hi);
    const row2 = rows[1] as Uint32Array;
    const fixed = n - 1;
    let covered = 0;
    for (let d = 0; d < fixed; d++) covered |= (row2[on2[d] as number] as number) & m1;
    const options = subsetList(m1);
    const groups = this.subtree.group(unit, this.lastNodes[1] as Uint8Array, options, covered, m1);
    if (unit.states === 0) return this.zeros(circuits, summary);
    prefix.update(unit, on2, row2, m1, fixed);
    if (prefix.zero) return this.zeros(circuits, summary);
    if (prefix.inexact) return -1;
    // The output's bounds over these options only: the whole row's would rarely fix its value.
    const bounds = this.rowBounds.fill(NaN);
    const j = on2[fixed] as number;
    const ranks = this.ranks;
    let m = 0;
    for (let word = 0; word < 2; word++) {
      for (let bits = word === 0 ? lo : hi; bits !== 0; bits &= bits - 1) {
        const o = word * 32 + 31 - Math.clz32(bits & -bits);
        const rank = groups.optionRank[o] as number;
        if (!(rank >= 0)) return -1; // not a covering option: not this row's
        ranks[m++] = rank;
        const contrib = unit.node(j, options[o] as number).contrib;
        for (let p = 0; p < P; p++) {
          const v = contrib[p] as number;
          if (!(v >= (bounds[p] as number))) bounds[p] = v;
          if (!(v <= (bounds[P + p] as number))) bounds[P + p] = v;
        }
      }
    }
    const keys = this.keys as OutputKeys;
    const key = keys.bounded(prefix.depthDot, fixed, bounds, 1);
    if (key < 0) return -1;
    if (key === 0) return this.zeros(circuits, summary);
    if (!this.subtrees.tallyOptions(unit, groups, key, keys.output(key, n), n, (this.lattice as PartitionLattice).size, ranks, m, summary)) return -1;
    return circuits;
  }

  private zeros(circuits: number, summary: GroundingSummary): number {
    summary.addNumber(0, circuits);
    return circuits;
  }

  /** Adds to the summaries every subtree counted since the last flush; call before reading them. */
  flush(): void {
    this.subtrees.flush();
  }

  private decline(): number {
    this.counters.declined++;
    return NaN;
  }

  private load(m1: number, m2: number, rows1: Uint32Array): void {
    this.counters.units++;
    this.m2 = m2;
    this.on2 = bitList(m2);
    this.lastNodes = [0, 1, 2].map((f) => this.on2.subarray(Math.max(0, this.on2.length - f)));
    this.prefix.reset();
    this.subtrees.reset();
    this.subtree.reset();
    this.keys?.reset();
    const n = this.on2.length;
    const unit = this.unit as UnitTables;
    unit.load(m1, rows1, this.maxDim);
    this.handled = m1 !== 0 && n !== 0 && unit.dim <= this.maxDim;
    this.twoParents = n === 2;
  }
}
