/**
 * The output search under a strict budget (clean data: every sample must be right, the paper's
 * setting), on the bounds of searchCore.ts. Almost every node of a large search is at the last two
 * rows (k = 6: 142 of 144 million), so those have their own loops: the last row's keeping options
 * are, per open sample, one range of its sorted contributions (a bitmask by binary search), and
 * the row before it is looped over without a call per option. `createOutputSearch` picks this
 * search or the loose one (looseSearch.ts) by the budget.
 */
import { popcount } from './bits.js';
import { LastPairBoxes } from './lastPairBoxes.js';
import { LooseSearch } from './looseSearch.js';
import { MASKED_OPTIONS } from './rowTables.js';
import { SearchCore } from './searchCore.js';
import { firstAbove, firstAtLeast } from './searchTables.js';

export type OutputSearch = SearchCore;

/**
 * The search for one output's samples: strict when any wrong sample alone exceeds the budget
 * (clean data), else loose. `boxesAfter`: calls of the last two rows in a run before their pairs'
 * tree is built (strict only; tests vary it).
 */
export function createOutputSearch(
  count: number,
  maxRows: number,
  weight: Uint32Array,
  failBudget: number,
  lo: Float64Array,
  hi: Float64Array,
  boxesAfter?: number,
): OutputSearch {
  const strict = weight.every((w) => w > failBudget);
  return strict ? new StrictSearch(count, maxRows, weight, failBudget, lo, hi, boxesAfter) : new LooseSearch(count, maxRows, weight, failBudget, lo, hi);
}

export class StrictSearch extends SearchCore {
  /** Per sample at the current node: 0 open, 1 decided correct (decided wrong prunes). */
  private readonly state: Uint8Array;
  /** The open samples, listed for `lastRowPlain` (more than MASKED_OPTIONS options only). */
  private readonly openList: Int32Array;
  /** The last two rows' pairs in a tree, asked once a run has come there often enough. */
  private readonly boxes: LastPairBoxes;

  constructor(count: number, maxRows: number, weight: Uint32Array, failBudget: number, lo: Float64Array, hi: Float64Array, boxesAfter?: number) {
    super(count, maxRows, weight, failBudget, lo, hi);
    this.boxes = new LastPairBoxes(count, boxesAfter);
    this.state = new Uint8Array(count);
    this.openList = new Int32Array(count);
  }

  protected search(): void {
    this.boxes.newRun();
    this.node(0, 0);
  }

  /** A node of the search: bound every sample, then prune, accept whole or go one row deeper. */
  private node(r: number, covered: number): void {
    const { count, dots, state, weight, failBudget, lo: dLo, hi: dHi, R, upper } = this;
    const { minC, maxC } = this.t;
    const at = r * count;
    let failed = 0;
    let open = 0;
    for (let p = 0; p < count; p++) {
      let lo = dots[at + p] as number;
      let hi = lo;
      for (let q = r; q < R; q++) {
        const k = (upper[q] as number) * count + p;
        lo += minC[k] as number;
        hi += maxC[k] as number;
      }
      if (hi < (dLo[p] as number) || lo > (dHi[p] as number)) {
        failed += weight[p] as number;
        if (failed > failBudget) return;
        state[p] = 2;
      } else if (lo >= (dLo[p] as number) && hi <= (dHi[p] as number)) {
        state[p] = 1;
      } else {
        state[p] = 0;
        open += weight[p] as number;
      }
    }
    if (failed + open <= failBudget) return this.emitAll(r, covered);
    if (r === R - 1) {
      if (this.O <= MASKED_OPTIONS) this.lastRowMasked(covered);
      else this.lastRowOpen(covered);
      return;
    }
    if (r === R - 2 && this.O <= MASKED_OPTIONS) return this.lastTwo(covered);
    const j = upper[r] as number;
    const { contrib } = this.t;
    const { O, options, rows } = this;
    const next = at + count;
    const from = r === 0 ? this.firstFrom : 0;
    const to = r === 0 ? Math.min(this.firstTo, O) : O;
    for (let o = from; o < to; o++) {
      const c = (j * O + o) * count;
      for (let p = 0; p < count; p++) dots[next + p] = (dots[at + p] as number) + (contrib[c + p] as number);
      const opt = options[o] as number;
      rows[j] = opt;
      this.node(r + 1, covered | opt);
    }
  }

  /**
   * Rows R - 2 and R - 1, strict budget: what `node` would do at the last row, for each option of
   * the row before it, without a call per option. Almost every node of a large search is at the
   * last row (k = 6: 142 of 144 million), where a call and its setup cost more than its few samples.
   * The same float operations in the same order as `node`, so the same decisions.
   */
  private lastTwo(covered: number): void {
    const { count, dots, state, R, O, options, rows, upper, lo: dLo, hi: dHi } = this;
    const { contrib, minC, maxC } = this.t;
    const j = upper[R - 2] as number;
    const last = (upper[R - 1] as number) * count;
    const at = (R - 2) * count;
    const next = at + count;
    const from = R === 2 ? this.firstFrom : 0;
    const to = R === 2 ? Math.min(this.firstTo, O) : O;
    const { boxes } = this;
    const asked = boxes.ask(this.t, j, upper[R - 1] as number, dots, at, dLo, dHi);
    const wantLo = asked ? boxes.lo : 0xffffffff;
    const wantHi = asked ? boxes.hi : 0xffffffff;
    for (let o = from; o < to; o++) {
      if (o < 32 ? ((wantLo >>> o) & 1) === 0 : ((wantHi >>> (o - 32)) & 1) === 0) continue;
      const c = (j * O + o) * count;
      let open = 0;
      let p = 0;
      for (; p < count; p++) {
        const d = (dots[at + p] as number) + (contrib[c + p] as number);
        dots[next + p] = d;
        const lo = d + (minC[last + p] as number);
        const hi = d + (maxC[last + p] as number);
        // Strict: one wrong sample is past the budget, so the option is pruned.
        if (hi < (dLo[p] as number) || lo > (dHi[p] as number)) break;
        if (lo >= (dLo[p] as number) && hi <= (dHi[p] as number)) state[p] = 1;
        else {
          state[p] = 0;
          open++;
        }
      }
      if (p < count) continue;
      const opt = options[o] as number;
      rows[j] = opt;
      // Strict: any open sample's weight is past the budget, so none open means all kept.
      if (open === 0) this.emitAll(R - 1, covered | opt);
      else this.lastRowMasked(covered | opt);
    }
  }

  /** Last row, strict budget: intersect each open sample's range of keeping options. */
  private lastRowMasked(covered: number): void {
    const { count, dots, state, R, O, options, rows } = this;
    const { lo: dLo, hi: dHi } = this;
    const j = this.upper[R - 1] as number;
    const needed = this.lowerMask & ~covered;
    // A part of a unit with one on node: its first row is this last row.
    let mLo = (this.cover.lo[needed] as number) & (R === 1 ? this.firstLo : 0xffffffff);
    let mHi = (this.cover.hi[needed] as number) & (R === 1 ? this.firstHi : 0xffffffff);
    const t = this.t;
    t.ensureSorted(j);
    const { sorted, prefLo, prefHi } = t;
    const at = (R - 1) * count;
    for (let p = 0; p < count && (mLo | mHi) !== 0; p++) {
      if (state[p] !== 0) continue; // decided correct (decided wrong was pruned: strict)
      const base = dots[at + p] as number;
      const s = (j * count + p) * O;
      const a = firstAtLeast(sorted, s, O, base, dLo[p] as number);
      const b = firstAbove(sorted, s, O, base, dHi[p] as number);
      const f = (j * count + p) * (O + 1);
      mLo &= (prefLo[f + b] as number) & ~(prefLo[f + a] as number);
      mHi &= (prefHi[f + b] as number) & ~(prefHi[f + a] as number);
    }
    if (this.bulk.countOnly) {
      this.bulk.counted += popcount(mLo >>> 0) + popcount(mHi >>> 0);
      return;
    }
    // Tens of options a call on the heavy k = 6 slices: counted together, not one circuit at a time.
    const lastRow = this.bulk.groundingsInBulk && (mLo | mHi) !== 0 ? this.bulk.lastRow : undefined;
    if (lastRow) {
      const n = lastRow(mLo >>> 0, mHi >>> 0);
      if (n >= 0) {
        this.bulk.counted += n;
        return;
      }
    }
    for (let m = mLo >>> 0; m !== 0; m &= m - 1) {
      rows[j] = options[31 - Math.clz32(m & -m)] as number;
      this.emit();
    }
    for (let m = mHi >>> 0; m !== 0; m &= m - 1) {
      rows[j] = options[32 + 31 - Math.clz32(m & -m)] as number;
      this.emit();
    }
  }

  /** Last row past MASKED_OPTIONS options: the open samples listed for the plain check. */
  private lastRowOpen(covered: number): void {
    const { count, state, openList } = this;
    let n = 0;
    for (let p = 0; p < count; p++) if (state[p] === 0) openList[n++] = p;
    this.lastRowPlain(covered, 0, openList, 0, n);
  }
}
