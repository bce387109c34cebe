/**
 * The free nodes' classes of a subtree grouping (groundingSubtree.ts) as dense matrices in the
 * WebAssembly kernel's memory (pairKernel.ts): one row per (state, partition), one column per
 * class, eight columns to a block. A term list's sums against every class then read one
 * contiguous matrix row per term instead of gathering each class's factor at the term's index
 * (classRows.ts, pairSums.ts). A grouping's matrices are laid out at most once per unit while
 * they fit under a cap (see `matrices` for when they do not). Only classes with a table and some
 * circuits get a column.
 */
import type { SubtreeGroup } from './groundingSubtree.js';
import type { NodeRow } from './groundingUnit.js';
import { NARROW_MAX, PairKernel } from './pairKernel.js';
import type { TermsView } from './termList.js';

/** Float64 values the matrices of one thread may hold (128 MB) before they are laid out again. */
const MATRIX_VALUES = 2 ** 24;
/** Of those, the float64 values the last fixed nodes' vectors (`vector`) may take. */
const VECTOR_SHARE = 4;
/** Rows of a matrix laid out together (with 64 columns, 32 KB). */
const ROW_BLOCK = 64;

/** One free node's classes in the kernel's memory. */
export interface ClassMatrix {
  /** Float64 element where it starts. */
  readonly at: number;
  /** Column blocks of eight: a row is blocks * 8 float64s. */
  readonly blocks: number;
  /** cols[j]: the class of column j (those with a table and circuits, ascending). */
  readonly cols: Int32Array;
  /** The largest entry (NaN where a class's a has one). */
  readonly max: number;
  /**
   * Int16 element where the matrix's int16 copy starts (the same rows and columns), or -1 where an
   * entry passes NARROW_MAX: the narrow form of classRows.ts reads it, a quarter of the bytes.
   */
  readonly at16: number;
}

/** Where `copyTerms` put a term list in the kernel's memory: read it before the next copy. */
export interface KernelTerms {
  /** Int32 element of the first index. */
  idx: number;
  /** Float64 element of the first value, and of the first magnitude (when copied). */
  val: number;
  abs: number;
  /** Float64 element of the scratch past them. */
  free: number;
}

export class ClassMatrices {
  readonly kernel = new PairKernel();
  /** This unit's matrices, per grouping and free node; one that is not here is not laid out. */
  private readonly placed = new Map<SubtreeGroup, readonly ClassMatrix[]>();
  /** First float64 element past the matrices. */
  private top: number;
  /** Per grouping of this unit without matrices: the work its callers did without them so far. */
  private readonly spent = new Map<SubtreeGroup, number>();
  /** `copyTerms`' answer, one object for every call (millions on a heavy slice). */
  private readonly copied: KernelTerms = { idx: 0, val: 0, abs: 0, free: 0 };
  /** This unit's node vectors in the kernel's memory: where, and the a they copy (a rebuilt one is new). */
  private readonly vectors = new Map<NodeRow, { at: number; a: Float64Array }>();
  private vectorValues = 0;

  constructor(private readonly cap = MATRIX_VALUES) {
    this.top = this.kernel.base;
  }

  /** A new unit: its groupings are new, and their classes' a too. */
  reset(): void {
    this.forget();
    this.spent.clear();
  }

  /**
   * The matrices of every free node of `groups` (a column per class with a table and some
   * circuits), laid out together; null while the caller should do without them (`cost`: what
   * this call costs without them, in values read). A grouping is laid out on first use while the
   * matrices fit under the cap; past it, laying one out forgets the others, so it waits until its
   * callers have spent without matrices what the layout costs. Laying out on first use whatever
   * it forgot wrote 8 billion values on slice 4095, whose pair-heavy units have matrices of 9 MB
   * (206 -> 235 s); always waiting cost 5% on the medium slices of the k = 6 sample.
   */
  matrices(groups: SubtreeGroup, dim: number, cost: number): readonly ClassMatrix[] | null {
    const known = this.placed.get(groups);
    if (known) return known;
    // The size with every class a column: liveClasses is only worth running for a layout.
    let size = 0;
    for (let f = 0; f < groups.free; f++) size += narrowSize(dim * Math.ceil((groups.reps[f] as NodeRow[]).length / 8) * 8);
    if (size > this.cap) return null;
    const fits = this.top + size <= this.kernel.base + this.cap;
    if (!fits) {
      const spent = (this.spent.get(groups) ?? 0) + cost;
      if (spent < size) {
        this.spent.set(groups, spent);
        return null;
      }
      this.forget();
    }
    this.spent.delete(groups);
    const cols = groups.free === 2 ? [liveClasses(groups, 0), liveClasses(groups, 1)] : [liveClasses(groups, 0)];
    this.room(this.top + size);
    const placed = cols.map((c, f) => this.place(groups.reps[f] as NodeRow[], c, dim));
    this.placed.set(groups, placed);
    return placed;
  }

  /**
   * Float64 element where `node`'s a (of `dim` values) is in the kernel's memory, copied there on
   * first use; -1 when the vectors already hold their share of the cap, or the cap has no room
   * left for it (vectors never make matrices go). The last fixed node's a scales the pair terms
   * of every one-free-node row (classRows.ts `runScaled`): in the kernel's memory the kernel can
   * scale them where they lie.
   */
  vector(node: NodeRow, dim: number): number {
    const a = node.a as Float64Array;
    const known = this.vectors.get(node);
    if (known && known.a === a) return known.at;
    if (this.vectorValues + dim > this.cap / VECTOR_SHARE || this.top + dim > this.kernel.base + this.cap) return -1;
    const at = this.top;
    this.room(at + dim);
    this.kernel.f64.set(a.subarray(0, dim), at);
    this.top = at + dim;
    this.vectorValues += dim;
    this.vectors.set(node, { at, a });
    return at;
  }

  /** Every matrix and vector goes (the unit's work without matrices stays counted). */
  private forget(): void {
    this.placed.clear();
    this.vectors.clear();
    this.vectorValues = 0;
    this.top = this.kernel.base;
  }

  /**
   * A transpose: the classes' a are columns here. It goes by blocks of rows, so that the block's
   * rows stay in the caches while every column writes into them; column by column over all the
   * rows, each write touched a new cache line, and laying out took a quarter of a heavy k = 6
   * part (700 layouts of up to 5.6 MB in the first rows [31, 36) of unit 249 319).
   */
  private place(reps: readonly NodeRow[], cols: Int32Array, dim: number): ClassMatrix {
    const blocks = Math.ceil(cols.length / 8);
    const width = blocks * 8;
    const at = this.top;
    const f64 = this.kernel.f64;
    const columns = Array.from(cols, (c) => reps[c]?.a as Float64Array);
    const n = columns.length;
    let max = 0;
    for (let j = 0; j < n; j++) max = Math.max(max, (reps[cols[j] as number] as NodeRow).max);
    for (let k0 = 0; k0 < dim; k0 += ROW_BLOCK) {
      const k1 = Math.min(dim, k0 + ROW_BLOCK);
      for (let j = 0; j < n; j++) {
        const a = columns[j] as Float64Array;
        for (let k = k0, to = at + k0 * width + j; k < k1; k++, to += width) f64[to] = a[k] as number;
      }
      if (n < width) for (let k = k0; k < k1; k++) f64.fill(0, at + k * width + n, at + (k + 1) * width);
    }
    // The int16 copy after it, row for row (the entries are integers: groundingUnit.ts).
    const narrow = max <= NARROW_MAX;
    const at16 = narrow ? (at + dim * width) * 4 : -1;
    if (narrow) {
      const i16 = this.kernel.i16;
      for (let k = 0, from = at; k < dim * width; k++) i16[at16 + k] = f64[from + k] as number;
    }
    this.top = at + narrowSize(dim * width);
    return { at, blocks, cols, max, at16 };
  }

  /**
   * Copies `terms` past the matrices (indices, values, and with `magnitudes` the values'
   * magnitudes) with room for `scratch` float64s after them. By `set` of views: element loops
   * saved the two views' allocation but copied slower (xor-k5 9.3-9.5 s against 9.1-9.3 s).
   */
  copyTerms(terms: TermsView, scratch: number, magnitudes: boolean): KernelTerms {
    const { len } = terms;
    const idx = this.top;
    const val = idx + Math.ceil(len / 2);
    const abs = val + len;
    const free = magnitudes ? abs + len : abs;
    this.room(free + scratch);
    const { f64, i32 } = this.kernel;
    i32.set(terms.idx.subarray(0, len), idx * 2);
    f64.set(terms.val.subarray(0, len), val);
    if (magnitudes) for (let i = 0; i < len; i++) f64[abs + i] = Math.abs(terms.val[i] as number);
    const out = this.copied;
    out.idx = idx * 2;
    out.val = val;
    out.abs = abs;
    out.free = free;
    return out;
  }

  /** Memory up to float64 element `end`, the matrices kept; half as much again when it grows. */
  private room(end: number): void {
    const { kernel } = this;
    if (end * 8 <= kernel.f64.byteLength) return;
    kernel.reserve(Math.ceil(end * 1.5) - kernel.base, this.top);
  }
}

/** The classes of free node f with a table and some circuits in `groups` (with another free node's class that has a table), ascending. */
export function liveClasses(groups: SubtreeGroup, f: 0 | 1): Int32Array {
  const { reps, counts } = groups;
  const pair = groups.free === 2;
  const C1 = pair ? reps[1].length : 1;
  const others = pair ? reps[f === 0 ? 1 : 0].length : 1;
  const cols: number[] = [];
  for (let c = 0; c < reps[f].length; c++) {
    if (!reps[f][c]?.a) continue;
    for (let o = 0; o < others; o++) {
      if (pair && !reps[f === 0 ? 1 : 0][o]?.a) continue;
      if (counts[f === 0 ? c * C1 + o : o * C1 + c] === 0) continue;
      cols.push(c);
      break;
    }
  }
  return Int32Array.from(cols);
}

/** Float64 elements a matrix of `values` entries takes with its int16 copy (`values` a multiple of 8). */
function narrowSize(values: number): number {
  return values + values / 4;
}
