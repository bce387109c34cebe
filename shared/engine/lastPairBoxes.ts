/**
 * The search's last two rows as points, for one run: every pair (o1, o2) of the two rows' options
 * is the vector, over the samples, of c1[o1] + c2[o2], kept in a k-d tree with each tree node's
 * box and the set of first options o1 below it.
 *
 * A search node at the row before the last two asks which o1 have some pair inside its samples'
 * correct box: each sample's interval less the node's dot. On the heavy k = 6 units 99.5% of the
 * o1 that pass the per-sample bounds keep no o2 at all, because the samples are never right
 * together; one box query rules them out at once.
 *
 * The search adds in node order, (dot + c1) + c2, and these points are dot + (c1 + c2): the two
 * round differently, by at most a few units in the last place of the magnitudes involved. The box
 * is widened by far more than that (`MARGIN`), so the answer holds every o1 the exact search keeps,
 * and perhaps a few more; the search then decides each answered o1 exactly as before.
 */
import { selectNth } from './keySort.js';
import type { RowTables } from './rowTables.js';

/**
 * A run asks this many times before the tree is built: a build costs about 1.3 ms at 63 options
 * (as much as 400 calls without it), and 512 measured no better than 4 096.
 */
const ASK_AFTER = 4096;
/** Tree nodes a query may visit on average, per option of the row it answers for, before a run stops asking. */
const VISITS_PER_OPTION = 1;
/** Points per leaf of the tree. */
const LEAF = 8;
/** Points of a tree node looked at to choose the sample it is halved along. */
const SPREAD_SAMPLE = 32;
/** The box's widening, relative to the magnitudes summed: 2^-40, against rounding of about 2^-51. */
const MARGIN = 2 ** -40;

export class LastPairBoxes {
  /** Points in tree order: pts[i * D + p]. */
  private pts = new Float64Array(0);
  /** The first row's option of point i (tree order). */
  private firstOf = new Uint8Array(0);
  /** Per tree node (heap order: children of k are 2k + 1, 2k + 2): its points [start, end). */
  private start = new Int32Array(0);
  private end = new Int32Array(0);
  private boxLo = new Float64Array(0);
  private boxHi = new Float64Array(0);
  /** The o1 below each tree node, as bitmasks of options 0..31 and 32..63. */
  private setLo = new Uint32Array(0);
  private setHi = new Uint32Array(0);
  /** Scratch of a build: the pairs' points in pair order, and their tree order. */
  private raw = new Float64Array(0);
  private order = new Int32Array(0);
  /** Per sample: the largest |c1| plus the largest |c2|, for the margin. */
  private readonly span: Float64Array;
  private readonly qLo: Float64Array;
  private readonly qHi: Float64Array;
  private readonly stack = new Int32Array(64);
  private D: number;
  /** The answer of the last query: o1 sets over options 0..31 and 32..63. */
  lo = 0;
  hi = 0;
  /** Tree nodes visited by this run's queries (what they cost). */
  visited = 0;

  // What the tree was built from, and this run's asking.
  private builtFrom: RowTables | null = null;
  private builtGeneration = -1;
  private builtRows = -1;
  private calls = 0;
  private queries = 0;
  private off = false;

  constructor(
    readonly count: number,
    private readonly askAfter = ASK_AFTER,
  ) {
    this.D = count;
    this.span = new Float64Array(count);
    this.qLo = new Float64Array(count);
    this.qHi = new Float64Array(count);
  }

  /** A new run of the search: asking starts again after `askAfter` calls. */
  newRun(): void {
    this.calls = 0;
    this.queries = 0;
    this.visited = 0;
    this.off = false;
  }

  /**
   * Called by the search at each node before its last two rows, j1 and j2 of `t`: once the run
   * has come here `askAfter` times, queries the tree (built anew when the tables or rows changed)
   * and returns true, the answer in `lo`/`hi`; false when not asked (search every option). A run
   * whose queries visit more tree nodes than the row has options stops asking: such a query costs
   * more than the loop it spares (many samples make a tree of many dimensions that prunes little).
   */
  ask(t: RowTables, j1: number, j2: number, dots: Float64Array, at: number, dLo: Float64Array, dHi: Float64Array): boolean {
    if (++this.calls <= this.askAfter || this.off) return false;
    const rows = j1 * 64 + j2;
    if (this.builtFrom !== t || this.builtGeneration !== t.generation || this.builtRows !== rows) {
      this.build(t, j1, j2);
      this.builtFrom = t;
      this.builtGeneration = t.generation;
      this.builtRows = rows;
    }
    this.queries++;
    this.query(dots, at, dLo, dHi);
    if ((this.queries & 255) === 0 && this.visited > this.queries * t.O * VISITS_PER_OPTION) this.off = true;
    return true;
  }

  /** Lays out the pairs of rows j1, j2 (nodes of `t`, O options each, O <= 64). */
  build(t: RowTables, j1: number, j2: number): void {
    const { D, span } = this;
    const O = t.O;
    const c = t.contrib;
    const n = O * O;
    if (this.raw.length < n * D) {
      this.raw = new Float64Array(n * D);
      this.order = new Int32Array(n);
    }
    const { raw, order } = this;
    for (let p = 0; p < D; p++) {
      let m1 = 0;
      let m2 = 0;
      for (let o = 0; o < O; o++) {
        m1 = Math.max(m1, Math.abs(c[(j1 * O + o) * D + p] as number));
        m2 = Math.max(m2, Math.abs(c[(j2 * O + o) * D + p] as number));
      }
      span[p] = m1 + m2;
    }
    for (let o1 = 0; o1 < O; o1++) {
      for (let o2 = 0; o2 < O; o2++) {
        const i = o1 * O + o2;
        for (let p = 0; p < D; p++) raw[i * D + p] = (c[(j1 * O + o1) * D + p] as number) + (c[(j2 * O + o2) * D + p] as number);
      }
    }
    let levels = 1;
    while (Math.ceil(n / 2 ** (levels - 1)) > LEAF) levels++;
    const nodes = 2 ** levels - 1;
    if (this.start.length < nodes) {
      this.start = new Int32Array(nodes);
      this.end = new Int32Array(nodes);
      this.setLo = new Uint32Array(nodes);
      this.setHi = new Uint32Array(nodes);
      this.boxLo = new Float64Array(nodes * D);
      this.boxHi = new Float64Array(nodes * D);
    }
    if (this.pts.length < n * D) {
      this.pts = new Float64Array(n * D);
      this.firstOf = new Uint8Array(n);
    }
    for (let i = 0; i < n; i++) order[i] = i;
    this.split(raw, order, 0, 0, n, O);
    for (let i = 0; i < n; i++) {
      const k = order[i] as number;
      this.firstOf[i] = Math.floor(k / O);
      for (let p = 0; p < D; p++) this.pts[i * D + p] = raw[k * D + p] as number;
    }
  }

  /**
   * Tree node k over order[s, e): halves along the sample that spreads most (judged on a few of
   * its points), then its box and o1 set, from its points at a leaf, from its halves above.
   */
  private split(raw: Float64Array, order: Int32Array, k: number, s: number, e: number, O: number): void {
    const { D, boxLo, boxHi } = this;
    this.start[k] = s;
    this.end[k] = e;
    const b = k * D;
    if (e - s <= LEAF || 2 * k + 2 >= this.start.length) {
      this.start[k] = -1 - s; // a leaf
      let setLo = 0;
      let setHi = 0;
      for (let p = 0; p < D; p++) {
        boxLo[b + p] = Infinity;
        boxHi[b + p] = -Infinity;
      }
      for (let i = s; i < e; i++) {
        const q = order[i] as number;
        const o1 = (q / O) | 0;
        if (o1 < 32) setLo = (setLo | (1 << o1)) >>> 0;
        else setHi = (setHi | (1 << (o1 - 32))) >>> 0;
        for (let p = 0; p < D; p++) {
          const v = raw[q * D + p] as number;
          if (v < (boxLo[b + p] as number)) boxLo[b + p] = v;
          if (v > (boxHi[b + p] as number)) boxHi[b + p] = v;
        }
      }
      this.setLo[k] = setLo;
      this.setHi[k] = setHi;
      return;
    }
    let dim = 0;
    let widest = -1;
    const step = Math.max(1, Math.floor((e - s) / SPREAD_SAMPLE));
    for (let p = 0; p < D; p++) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = s; i < e; i += step) {
        const v = raw[(order[i] as number) * D + p] as number;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      if (hi - lo > widest) {
        widest = hi - lo;
        dim = p;
      }
    }
    const mid = (s + e) >>> 1;
    selectNth(raw, D, dim, order, s, e, mid);
    const l = 2 * k + 1;
    const r = 2 * k + 2;
    this.split(raw, order, l, s, mid, O);
    this.split(raw, order, r, mid, e, O);
    for (let p = 0; p < D; p++) {
      boxLo[b + p] = Math.min(boxLo[l * D + p] as number, boxLo[r * D + p] as number);
      boxHi[b + p] = Math.max(boxHi[l * D + p] as number, boxHi[r * D + p] as number);
    }
    this.setLo[k] = ((this.setLo[l] as number) | (this.setLo[r] as number)) >>> 0;
    this.setHi[k] = ((this.setHi[l] as number) | (this.setHi[r] as number)) >>> 0;
  }

  /**
   * Sets `lo`/`hi` to the o1 with some pair whose every sample p lies in
   * [dLo[p] - dots[at + p], dHi[p] - dots[at + p]], widened by the margin.
   */
  query(dots: Float64Array, at: number, dLo: Float64Array, dHi: Float64Array): void {
    const { D, qLo, qHi, span, boxLo, boxHi, pts, stack } = this;
    for (let p = 0; p < D; p++) {
      const d = dots[at + p] as number;
      const l = dLo[p] as number;
      const h = dHi[p] as number;
      const tol = MARGIN * (Math.abs(d) + (span[p] as number) + (Number.isFinite(l) ? Math.abs(l) : 0) + (Number.isFinite(h) ? Math.abs(h) : 0));
      qLo[p] = l - d - tol;
      qHi[p] = h - d + tol;
    }
    let lo = 0;
    let hi = 0;
    let top = 0;
    let visited = 0;
    stack[top++] = 0;
    while (top > 0) {
      const k = stack[--top] as number;
      visited++;
      if ((((this.setLo[k] as number) & ~lo) | ((this.setHi[k] as number) & ~hi)) === 0) continue;
      let inside = true;
      let apart = false;
      for (let p = 0; p < D; p++) {
        const bl = boxLo[k * D + p] as number;
        const bh = boxHi[k * D + p] as number;
        const l = qLo[p] as number;
        const h = qHi[p] as number;
        if (bh < l || bl > h) {
          apart = true;
          break;
        }
        if (bl < l || bh > h) inside = false;
      }
      if (apart) continue;
      if (inside) {
        lo = (lo | (this.setLo[k] as number)) >>> 0;
        hi = (hi | (this.setHi[k] as number)) >>> 0;
        continue;
      }
      const s = this.start[k] as number;
      if (s < 0) {
        for (let i = -1 - s, e = this.end[k] as number; i < e; i++) {
          let p = 0;
          for (; p < D; p++) {
            const v = pts[i * D + p] as number;
            if (v < (qLo[p] as number) || v > (qHi[p] as number)) break;
          }
          if (p < D) continue;
          const o1 = this.firstOf[i] as number;
          if (o1 < 32) lo = (lo | (1 << o1)) >>> 0;
          else hi = (hi | (1 << (o1 - 32))) >>> 0;
        }
        continue;
      }
      stack[top++] = 2 * k + 2;
      stack[top++] = 2 * k + 1;
    }
    this.lo = lo;
    this.hi = hi;
    this.visited += visited;
  }
}
