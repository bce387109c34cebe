/**
 * The last two steps of the float grounding DP (groundingDp.ts) summed per group of circuits that
 * differ only in the last hidden layer's last node (the sums and the groups: lastNodeGroups.ts).
 *
 * Exactness as the DP's: Q's terms and sums are not checked, since a circuit that reads a Q adds
 * it times a gate count of at least 1, and its total's every sum is checked against the limit (a
 * term at or past it leaves the sum there too): a Q at or past the limit (inexact past 2^53) makes
 * the count NaN (the caller recounts it exactly), and one below it was summed exactly.
 */
import type { TableNode } from './circuitTables.js';
import { LastNodeGroups, type LastNodeWay } from './lastNodeGroups.js';
import { hasTable } from './consistentTables.js';
import { listedSum } from './listedSums.js';
import type { LayerGates } from './gateVectors.js';
import type { GateCountOf, StepScratch } from './stepScratch.js';

export class LastNodeSums extends LastNodeGroups {
  /** q[qRow(tau) * states + s] for the current group where stamp[...] === group. */
  private q = new Float64Array(0);
  /** The sums of the stale tables of the current state. */
  private sums = new Float64Array(16);
  /** Q's cells before their state's weight, at a canonical state's cell (sharedSum), where baseStamp[...] === group. */
  private base = new Float64Array(0);
  private baseStamp = new Int32Array(0);

  constructor(scratch: StepScratch, gates: GateCountOf, private readonly limit: number, patterns: number, widest: number, way: Exclude<LastNodeWay, 'off'> = 'walk') {
    super(scratch, gates, patterns, widest, way);
  }

  /**
   * The circuit's count from f_{H-1} (`prev`, over `prevStates` choices of `below`), layer H
   * (`layer`, on nodes of `mask`, at index l) and its one output node `out`; NaN at or past the limit.
   */
  total(below: readonly TableNode[], prev: Float64Array, prevStates: number, layer: readonly TableNode[], mask: number, out: TableNode, l: number): number {
    this.enter(below, prevStates, layer, mask, out, l, 1);
    if (!this.walkable(below, prev, prevStates, 1, layer)) return this.totalByStates(prev, prevStates, layer, out);
    const { scratch, limit, states, gates, walk } = this;
    const { live, liveCount } = walk;
    const z = layer.length - 1;
    const last = layer[z] as TableNode;
    const T = last.tables.length;
    const slot = scratch.slotStart(z);
    let total = 0;
    let reads = 0;
    let zeros = 0;
    const choices = walk.choices(last);
    const kept = scratch.keptLayer as LayerGates;
    const countAt = scratch.countStart(z);
    // Held in locals: a fill writes into q and stamp but never replaces them; the group moves only
    // when Q's rows run out (qRoom).
    const { stamp, q } = this;
    const tables = last.tables;
    for (let i = 0; i < liveCount; i++) {
      const t = choices[i] as number;
      let c = kept.counts[countAt + t] as number;
      if (c < 0) c = scratch.countsAtChoice(z, last, t, gates);
      if (c === 0) continue;
      reads += c;
      this.qRoom(c);
      const { group } = this;
      const { which, gates: counts } = kept;
      const s = live[i] as number;
      const from = slot + t * T;
      // Cells known zero are skipped unread (outputSupport.ts): most are, past four patterns.
      const m = walk.stateMask(i, layer, out);
      const { masks } = walk;
      for (let k = 0; k < c; k++) {
        const tau = tables[which[from + k] as number] as number;
        if (m >= 0 && !hasTable(masks, m, tau)) {
          zeros++;
          continue;
        }
        const row = this.qRow(tau);
        const cell = row * states + s;
        if (stamp[cell] !== group) this.fillCell(i, prev[s] as number, layer, out, cell, row, tau);
        // A term at or past the limit leaves the total there too (both non-negative), so the
        // total's check alone stops every inexact sum.
        total += (counts[from + k] as number) * (q[cell] as number);
        if (total >= limit) return NaN;
      }
    }
    this.stats.reads += reads;
    this.stats.zeros += zeros;
    this.stats.walks++;
    return total;
  }

  /** Q's cell for the i-th live state (weight `weight`) and node z's table tau (Q's row `row`), stamped. */
  private fillCell(i: number, weight: number, layer: readonly TableNode[], out: TableNode, cell: number, row: number, tau: number): void {
    // Where the walk has masks, the caller asks only for cells its state's mask allows (outputSupport.ts).
    this.q[cell] = weight * (this.walk.middle ? this.middleSum(i, layer, out, tau) : this.sharedSum(i, layer, out, row, tau));
    this.stamp[cell] = this.group;
    this.stats.sums++;
  }

  /** listedSum at the i-th live state and node z's table tau, taken from the state it shares its list with (groupWalk.ts `canonical`) where that one summed it. */
  private sharedSum(i: number, layer: readonly TableNode[], out: TableNode, row: number, tau: number): number {
    const { walk } = this;
    const c = walk.canonical(i);
    if (!walk.shares) return listedSum(walk, i, layer, out, tau);
    const at = row * this.states + (walk.live[c] as number);
    if (this.baseStamp[at] === this.group) return this.base[at] as number;
    const sum = listedSum(walk, c, layer, out, tau);
    this.base[at] = sum;
    this.baseStamp[at] = this.group;
    return sum;
  }

  /** The sum over node z - 1's non-zero gate counts g at the i-th live state of g * R (lastNodeGroups.ts), R filled where stale. */
  private middleSum(i: number, layer: readonly TableNode[], out: TableNode, tau: number): number {
    const { walk } = this;
    const y = layer.length - 2;
    const node = layer[y] as TableNode;
    const c = walk.countsAt(i, y, node);
    const { from } = walk;
    const { gates, which } = this.scratch.keptLayer as LayerGates;
    const { middleStamp, middleSums } = this;
    const tables = node.tables;
    // R's cells are the state's it shares its list with (groupWalk.ts `canonical`).
    const shared = walk.canonical(i);
    const row = shared * this.tails;
    let sum = 0;
    for (let k = 0; k < c; k++) {
      const tail = this.tailOf(tables[which[from + k] as number] as number, tau);
      const at = row + tail;
      // Read each time: running out of tail ids starts a super group (lastNodeGroups.ts `tailOf`).
      if (middleStamp[at] !== this.superGroup) {
        middleSums[at] = listedSum(this.walk, shared, layer, out, tail);
        middleStamp[at] = this.superGroup;
      }
      sum += (gates[from + k] as number) * (middleSums[at] as number);
    }
    return sum;
  }

  /** The same by the odometer over every state below, each node's gate counts asked at each (where the walk above cannot go). */
  private totalByStates(prev: Float64Array, prevStates: number, layer: readonly TableNode[], out: TableNode): number {
    const { scratch, limit, states } = this;
    const z = layer.length - 1;
    const last = layer[z] as TableNode;
    let total = 0;
    for (let sp = 0; sp < prevStates; sp++) {
      if (sp > 0) scratch.advance();
      const weight = prev[sp] as number;
      if (weight === 0) continue;
      const c = scratch.gatherNode(z, last, this.gates, this.lastF, this.lastW, 0);
      const stale = this.staleOf(sp, last, c);
      if (stale > 0) this.fill(sp, weight, layer, out, stale);
      const { lastF, lastW, q } = this;
      for (let k = 0; k < c; k++) {
        const term = (lastF[k] as number) * (q[this.qRow(last.tables[lastW[k] as number] as number) * states + sp] as number);
        if (term >= limit) return NaN;
        total += term;
        if (total >= limit) return NaN;
      }
    }
    return total;
  }

  protected holdCells(cells: number): void {
    if (this.q.length < cells) this.q = new Float64Array(cells);
    if (this.baseStamp.length < cells) {
      this.base = new Float64Array(cells);
      this.baseStamp = new Int32Array(cells);
    }
  }

  protected override restamp(): void {
    super.restamp();
    this.baseStamp.fill(0);
  }

  /** Q[sp][tau] for the first `stale` tables of this.stale, summed over nodes 0..z-1's joint choices, stamped. */
  private fill(sp: number, weight: number, layer: readonly TableNode[], out: TableNode, stale: number): void {
    if (this.sums.length < stale) this.sums = new Float64Array(this.stale.length);
    const { sums, below } = this;
    const { digit, factors, which, maxT } = below;
    const wStride = this.walk.w.stride;
    const z = layer.length - 1;
    sums.fill(0, 0, stale);
    if (below.gather(layer)) {
      do {
        let prod = weight;
        let joint = 0;
        for (let r = 0; r < z; r++) {
          const k = r * maxT + (digit[r] as number);
          prod *= factors[k] as number;
          joint += (which[k] as number) * (wStride[r] as number);
        }
        for (let i = 0; i < stale; i++) {
          const w = this.outputW(layer, out, joint, this.stale[i] as number);
          if (w !== 0) sums[i] = (sums[i] as number) + prod * w;
        }
      } while (below.advance(z) >= 0);
    }
    for (let i = 0; i < stale; i++) {
      const at = this.qRow(this.stale[i] as number) * this.states + sp;
      this.q[at] = sums[i] as number;
      this.stamp[at] = this.group;
    }
  }
}
