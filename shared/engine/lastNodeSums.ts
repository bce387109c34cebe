/**
 * The last two steps of the float grounding DP (groundingDp.ts) for circuits that differ only in
 * the last hidden layer's last node, summed from what they share.
 *
 * With one output node O over the last hidden layer H (on nodes 0..z), a circuit's count is
 *   sum over s (joint choices of layer H - 1) of sum over the tables tau of node z of
 *   g_z(tau | s) * Q[s][tau],
 *   Q[s][tau] = f_{H-1}(s) * sum over the tables t of nodes 0..z-1 of prod_r g_r(t_r | s) * W(t, tau),
 *   W(t, tau) = sum over O's tables w of g_O(w | its parents' tables among (t, tau)).
 * Q depends on the layers below H, on H's node mask, on the rows of nodes 0..z-1 and on O's row
 * and tables, but not on node z's row: the search moves that row fastest but for the output's, so
 * on XOR [2, 4, 4, 4, 1] five circuits in six met a Q already summed (their group's), and the
 * DP recomputed layer H for nearly every circuit. Q is filled lazily, per state and table of
 * node z as circuits ask for them, and stamped with its group (so a new group empties nothing).
 *
 * Exactness as the DP's: Q's terms and sums are not checked, since a circuit that reads a Q adds
 * it times a gate count of at least 1, and its total's every term and sum is checked against the
 * limit: a Q at or past the limit (inexact past 2^53) makes the count NaN (the caller recounts it
 * exactly), and one below it was summed exactly.
 */
import type { TableNode } from './circuitTables.js';
import type { GateCountOf, StepScratch } from './stepScratch.js';

/** Q's cells (states of layer H - 1 x node z's possible tables) past which the DP goes its usual way. */
export const MAX_SUM_CELLS = 1 << 20;
/** W's cells (joint choices of nodes 0..z-1 x node z's possible tables) past which W is not kept. */
const MAX_W_CELLS = 1 << 16;

export class LastNodeSums {
  /** Groups started, Q cells summed, and Q cells read (more reads than sums: circuits shared them; for measurements and tests). */
  readonly stats = { groups: 0, sums: 0, reads: 0 };
  /** q[s << P | tau] for the current group where stamp[...] === group. */
  private q = new Float64Array(0);
  private stamp = new Int32Array(0);
  private group = 0;
  private keyMask = -1;
  private readonly keyNodes: number[] = [];
  private keyOut = -1;
  private readonly keyOutTables: number[] = [];
  /** Node z's non-zero gate counts in the current state, and their tables' indices. */
  private lastF: Float64Array;
  private lastW: Int32Array;
  /** Nodes 0..z-1's: the c-th of node r at r * maxT + c. */
  private factors = new Float64Array(0);
  private which = new Int32Array(0);
  private readonly nonZero: Int32Array;
  private readonly digit: Int32Array;
  /**
   * W by the group's joint table choice of nodes 0..z-1 (their tables' indices by wStride) and
   * tau: the same few parents' tables come back in every state below, and asking the gate memo
   * for each was most of a Q's time. Stamped like Q; off when a group's choices do not fit.
   */
  private wMemo = new Float64Array(0);
  private wStamp = new Int32Array(0);
  private readonly wStride: Float64Array;
  private wMemoOn = false;
  /** Node z's tables this state still needs Q for, and their sums. */
  private stale: Int32Array;
  private sums: Float64Array;
  /** parentViews[n]: a buffer's first n slots, the output's parents' tables. */
  private readonly parentViews: Int32Array[];
  /** 2^patterns: a table's bound, Q's row length (a power by a variable exponent is a call to pow). */
  private readonly span: number;

  /** `patterns`: the grounding patterns (a table is below 2^patterns); `widest`: the widest layer. */
  constructor(
    private readonly scratch: StepScratch,
    private readonly gates: GateCountOf,
    private readonly limit: number,
    patterns: number,
    widest: number,
  ) {
    this.span = 2 ** patterns;
    this.lastF = new Float64Array(16);
    this.lastW = new Int32Array(16);
    this.stale = new Int32Array(16);
    this.sums = new Float64Array(16);
    this.nonZero = new Int32Array(widest);
    this.digit = new Int32Array(widest);
    this.wStride = new Float64Array(widest);
    const parents = new Int32Array(widest);
    this.parentViews = Array.from({ length: widest + 1 }, (_, n) => parents.subarray(0, n));
  }

  /** Whether a layer below H of `prevStates` joint choices fits Q. */
  fits(prevStates: number): boolean {
    return prevStates * this.span <= MAX_SUM_CELLS;
  }

  /** The layers below H changed: no group goes on. */
  reset(): void {
    this.keyMask = -1;
  }

  /**
   * The circuit's count from f_{H-1} (`prev`, over `prevStates` choices of `below`), layer H
   * (`layer`, on nodes of `mask`, at index l) and its one output node `out`; NaN at or past the limit.
   */
  total(below: readonly TableNode[], prev: Float64Array, prevStates: number, layer: readonly TableNode[], mask: number, out: TableNode, l: number): number {
    this.enter(prevStates, layer, mask, out);
    const { scratch, q, stamp, group, limit, span } = this;
    const z = layer.length - 1;
    const last = layer[z] as TableNode;
    if (this.lastF.length < last.tables.length) {
      this.lastF = new Float64Array(last.tables.length);
      this.lastW = new Int32Array(last.tables.length);
    }
    const { lastF, lastW } = this;
    scratch.start(below, layer, l);
    let total = 0;
    for (let sp = 0; sp < prevStates; sp++) {
      if (sp > 0) scratch.advance();
      const weight = prev[sp] as number;
      if (weight === 0) continue;
      const c = scratch.gatherNode(z, last, this.gates, lastF, lastW, 0);
      const base = sp * span;
      let stale = 0;
      for (let k = 0; k < c; k++) {
        const tau = last.tables[lastW[k] as number] as number;
        if (stamp[base + tau] !== group) {
          if (stale === this.stale.length) this.grow();
          this.stale[stale++] = tau;
        }
      }
      if (stale > 0) this.fill(sp, weight, layer, out, stale);
      this.stats.sums += stale;
      this.stats.reads += c;
      for (let k = 0; k < c; k++) {
        const term = (lastF[k] as number) * (q[base + (last.tables[lastW[k] as number] as number)] as number);
        if (term >= limit) return NaN;
        total += term;
        if (total >= limit) return NaN;
      }
    }
    return total;
  }

  /**
   * Starts a new group unless this circuit's key is the current group's. (The output's row follows
   * from H's mask when every on node feeds the output, as in the search's circuits; its key is
   * compared all the same, for a caller's circuit that leaves a node unused.)
   */
  private enter(prevStates: number, layer: readonly TableNode[], mask: number, out: TableNode): void {
    const z = layer.length - 1;
    let same = mask === this.keyMask && out.key === this.keyOut && this.keyNodes.length === z && this.keyOutTables.length === out.tables.length;
    for (let r = 0; same && r < z; r++) same = (layer[r] as TableNode).key === this.keyNodes[r];
    for (let i = 0; same && i < out.tables.length; i++) same = out.tables[i] === this.keyOutTables[i];
    if (same) return;
    this.stats.groups++;
    this.keyMask = mask;
    this.keyOut = out.key;
    this.keyNodes.length = 0;
    for (let r = 0; r < z; r++) this.keyNodes.push((layer[r] as TableNode).key);
    this.keyOutTables.length = 0;
    for (const t of out.tables) this.keyOutTables.push(t);
    let joint = 1;
    for (let r = z - 1; r >= 0; r--) {
      this.wStride[r] = joint;
      joint *= (layer[r] as TableNode).tables.length;
    }
    const cells = prevStates * this.span;
    const wCells = joint * this.span;
    this.wMemoOn = wCells <= MAX_W_CELLS;
    if (this.group === 0x7fffffff) this.restamp();
    if (this.q.length < cells) {
      this.q = new Float64Array(cells);
      this.stamp = new Int32Array(cells);
      this.restamp();
    }
    if (this.wMemoOn && this.wMemo.length < wCells) {
      this.wMemo = new Float64Array(wCells);
      this.wStamp = new Int32Array(wCells);
      this.restamp();
    }
    this.group++;
  }

  /** Every stamp made stale, the group counter from 0. */
  private restamp(): void {
    this.stamp.fill(0);
    this.wStamp.fill(0);
    this.group = 0;
  }

  /** Q[sp][tau] for the first `stale` tables of this.stale, summed over nodes 0..z-1's joint choices, stamped. */
  private fill(sp: number, weight: number, layer: readonly TableNode[], out: TableNode, stale: number): void {
    const { scratch, nonZero, digit, sums, q, stamp, group, wMemo, wStamp, wStride, span } = this;
    const memo = this.wMemoOn;
    const z = layer.length - 1;
    let maxT = 1;
    for (let r = 0; r < z; r++) maxT = Math.max(maxT, (layer[r] as TableNode).tables.length);
    if (this.factors.length < z * maxT) {
      this.factors = new Float64Array(z * maxT);
      this.which = new Int32Array(z * maxT);
    }
    const { factors, which } = this;
    let admitted = true;
    for (let r = 0; r < z && admitted; r++) {
      nonZero[r] = scratch.gatherNode(r, layer[r] as TableNode, this.gates, factors, which, r * maxT);
      admitted = nonZero[r] !== 0;
    }
    sums.fill(0, 0, stale);
    if (admitted) {
      for (let r = 0; r < z; r++) digit[r] = 0;
      for (;;) {
        let prod = weight;
        let joint = 0;
        for (let r = 0; r < z; r++) {
          const k = r * maxT + (digit[r] as number);
          prod *= factors[k] as number;
          joint += (which[k] as number) * (wStride[r] as number);
        }
        const wBase = joint * span;
        for (let i = 0; i < stale; i++) {
          const tau = this.stale[i] as number;
          let w: number;
          if (memo) {
            const at = wBase + tau;
            if (wStamp[at] === group) w = wMemo[at] as number;
            else {
              w = this.outputGates(layer, out, maxT, tau);
              wMemo[at] = w;
              wStamp[at] = group;
            }
          } else w = this.outputGates(layer, out, maxT, tau);
          if (w !== 0) sums[i] = (sums[i] as number) + prod * w;
        }
        let r = z - 1;
        while (r >= 0 && (digit[r] = (digit[r] as number) + 1) === nonZero[r]) digit[r--] = 0;
        if (r < 0) break;
      }
    }
    const base = sp * this.span;
    for (let i = 0; i < stale; i++) {
      const at = base + (this.stale[i] as number);
      q[at] = sums[i] as number;
      stamp[at] = group;
    }
  }

  /** W: the output's gate counts summed over its tables, its parents' tables those of nodes 0..z-1's current digits and tau for node z. */
  private outputGates(layer: readonly TableNode[], out: TableNode, maxT: number, tau: number): number {
    const { digit, which } = this;
    const z = layer.length - 1;
    const ps = this.parentViews[out.parents.length] as Int32Array;
    for (let p = 0; p < out.parents.length; p++) {
      const r = out.parents[p] as number;
      ps[p] = r === z ? tau : ((layer[r] as TableNode).tables[which[r * maxT + (digit[r] as number)] as number] as number);
    }
    let w = 0;
    for (let i = 0; i < out.tables.length; i++) w += this.gates(out.tables[i] as number, ps);
    return w;
  }

  private grow(): void {
    const stale = new Int32Array(this.stale.length * 2);
    stale.set(this.stale);
    this.stale = stale;
    const sums = new Float64Array(this.sums.length * 2);
    sums.set(this.sums);
    this.sums = sums;
  }
}
