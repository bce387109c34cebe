/**
 * The last two steps of the residue DP (residueDp.ts) summed per group of circuits that differ
 * only in the last hidden layer's last node (the sums and the groups: lastNodeGroups.ts). Each Q
 * cell holds the DP's lanes: a float64 approximation and one residue per prime. On the heaviest
 * slices of XOR [2, 4, 4, 4, 1], where half the counts pass 2^53, the residue DP's steps were
 * 40% of the time once the float DP summed per group.
 *
 * Exactness as the residue DP's: the residues are exact (every product of two residues and every
 * sum before its reduction stays below 2^53), and the approximation's roundings are bounded as
 * that DP counts them: a Q cell's terms carry the weight's roundings and z + 1 products, its sum
 * as many additions as it has terms; the total's terms one product more, its sum one addition per
 * term. The bound returned is the largest over the group's cells, so a cell summed later with
 * more terms only widens it.
 */
import type { TableNode } from './circuitTables.js';
import { hasTable } from './consistentTables.js';
import { LastNodeGroups, type LastNodeWay } from './lastNodeGroups.js';
import { listedLanes, W_PAST_53 } from './listedSums.js';
import { addLanesTimes, reduceLanes, residuesOf, TWO_53 } from './residueLanes.js';
import { mulMod, residueOf, type ResidueBasis } from './residues.js';
import type { LayerGates } from './gateVectors.js';
import type { GateCountOf, StepScratch } from './stepScratch.js';


export class LastNodeResidues extends LastNodeGroups {
  /** q[(qRow(tau) * states + s) * W + lane] for the current group where stamp[qRow(tau) * states + s] === group. */
  private q = new Float64Array(0);
  /** The roundings behind any approximation of a Q cell of the current group. */
  private qRoundings = 0;
  /** The sums of the stale tables of the current state, W lanes each. */
  private sums = new Float64Array(0);
  /** levels[r * W + lane]: the weight times the chosen factors of nodes 0..r-1, redone from the first digit that moved. */
  private levels = new Float64Array(0);
  /** Nodes 0..z-1's gate counts' residues: residue k of factor (r * maxT + c) at (r * maxT + c) * K + k. */
  private residues = new Float64Array(0);
  /**
   * This circuit met a W past 2^53: the output's gate counts past it are powers of two, but their
   * sum over the output's tables need not be, and a float64 would not hold it exactly. The plain
   * steps take such a circuit, table by table.
   */
  private declined = false;
  /**
   * Since `total`'s lanes were last reduced, the sum of the small gate counts added to them
   * unreduced: each lane is below (1 + this) times the largest prime, kept within 2^53.
   */
  private unreduced = 0;
  /** The residues of one gate count or W, and of a second. */
  private one = new Float64Array(0);
  private other = new Float64Array(0);

  constructor(scratch: StepScratch, gates: GateCountOf, patterns: number, widest: number, way: Exclude<LastNodeWay, 'off'> = 'walk') {
    super(scratch, gates, patterns, widest, way);
  }

  /**
   * The circuit's count into `total` (W zeroed lanes: approximation, then residues) from f_{H-1}
   * (`prev`, W lanes per choice of `below`, `prevRoundings` behind its approximations), layer H
   * (on nodes of `mask`, at index l) and its one output node `out`; returns the roundings behind
   * the total's approximation, or -1 when it leaves the circuit to the DP's plain steps (a W past
   * 2^53).
   */
  total(
    below: readonly TableNode[],
    prev: Float64Array,
    prevStates: number,
    prevRoundings: number,
    layer: readonly TableNode[],
    mask: number,
    out: TableNode,
    l: number,
    basis: ResidueBasis,
    total: Float64Array,
  ): number {
    const W = basis.lanes + 1;
    if (this.enter(below, prevStates, layer, mask, out, l, W)) this.qRoundings = 0;
    if (this.one.length < W) this.one = new Float64Array(W);
    this.declined = false;
    this.unreduced = 0;
    if (this.walkable(below, prev, prevStates, W, layer)) {
      const roundings = this.walkTotal(prev, prevRoundings, layer, out, basis, total);
      if (roundings >= 0) {
        this.reduce(basis, total);
        return roundings;
      }
      if (this.declined) return this.decline();
      this.stats.walksLeft++;
      total.fill(0, 0, W); // a product of gate counts past 2^53: the odometer's way, from the cells summed so far
      this.unreduced = 0;
    }
    const { scratch, states } = this;
    const z = layer.length - 1;
    const last = layer[z] as TableNode;
    let terms = 0;
    for (let sp = 0; sp < prevStates; sp++) {
      if (sp > 0) scratch.advance();
      if (prev[sp * W] === 0) continue;
      const c = scratch.gatherNode(z, last, this.gates, this.lastF, this.lastW, 0);
      const stale = this.staleOf(sp, last, c);
      if (stale > 0) this.fill(sp, prev, prevRoundings, layer, out, stale, basis);
      if (this.declined) return this.decline();
      const { lastF, lastW } = this;
      for (let k = 0; k < c; k++) {
        this.addTerm(lastF[k] as number, (this.qRow(last.tables[lastW[k] as number] as number) * states + sp) * W, basis, total);
        terms++;
      }
    }
    this.reduce(basis, total);
    return this.qRoundings + 1 + terms;
  }

  /** The count into `total` by the live states below (lastNodeGroups.ts); its roundings, or -1 where a cell's products pass 2^53. */
  private walkTotal(prev: Float64Array, prevRoundings: number, layer: readonly TableNode[], out: TableNode, basis: ResidueBasis, total: Float64Array): number {
    const W = basis.lanes + 1;
    const { scratch, states, gates, walk } = this;
    const { live, liveCount } = walk;
    const z = layer.length - 1;
    const last = layer[z] as TableNode;
    const T = last.tables.length;
    const slot = scratch.slotStart(z);
    let terms = 0;
    let reads = 0;
    let zeros = 0;
    const choices = walk.choices(last);
    const kept = scratch.keptLayer as LayerGates;
    const countAt = scratch.countStart(z);
    for (let i = 0; i < liveCount; i++) {
      const t = choices[i] as number;
      let c = kept.counts[countAt + t] as number;
      if (c < 0) c = scratch.countsAtChoice(z, last, t, gates);
      if (c === 0) continue;
      reads += c;
      this.qRoom(c);
      const { which, gates: counts } = kept;
      const s = live[i] as number;
      const from = slot + t * T;
      // Cells known zero are skipped unread (outputSupport.ts): most are, past four patterns.
      const m = walk.stateMask(i, layer, out);
      const { masks } = walk;
      for (let k = 0; k < c; k++) {
        const tau = last.tables[which[from + k] as number] as number;
        if (m >= 0 && !hasTable(masks, m, tau)) {
          zeros++;
          continue;
        }
        const cell = this.qRow(tau) * states + s;
        if (this.stamp[cell] !== this.group && !this.fillCell(i, s, prev, prevRoundings, layer, out, cell, tau, basis)) return -1;
        // Most cells are zero where the output's gates read node z (outputSupport.ts); the
        // approximation, a sum of non-negative terms, is zero only then.
        if (this.q[cell * W] === 0) continue;
        this.addTerm(counts[from + k] as number, cell * W, basis, total);
        terms++;
      }
    }
    this.stats.reads += reads;
    this.stats.zeros += zeros;
    this.stats.walks++;
    return this.qRoundings + 1 + terms;
  }

  /** Q's cell for the i-th live state (state s below) and node z's table tau, every lane, stamped; false where a product of gate counts passes 2^53. */
  private fillCell(i: number, s: number, prev: Float64Array, prevRoundings: number, layer: readonly TableNode[], out: TableNode, cell: number, tau: number, basis: ResidueBasis): boolean {
    const W = basis.lanes + 1;
    const { primes, inv } = basis;
    if (this.sums.length < W) this.sums = new Float64Array(W);
    if (this.other.length < W) this.other = new Float64Array(W);
    const { sums } = this;
    if (this.walk.middle) {
      const roundings = this.middleSum(i, layer, out, tau, basis);
      if (roundings < 0) return false;
      // The weight's roundings, the sum's, one product by the weight.
      this.qRoundings = Math.max(this.qRoundings, prevRoundings + roundings + 1);
    } else {
      // Where the walk has masks, the caller asks only for cells its state's mask allows (outputSupport.ts).
      const n = this.listedSum(i, layer, out, tau, basis, sums, 0);
      if (n < 0) return false;
      // The weight's roundings, z - 1 products and one by W, n additions, one product by the weight: within the odometer's bound.
      this.qRoundings = Math.max(this.qRoundings, prevRoundings + layer.length + n);
    }
    const at = cell * W;
    const { q } = this;
    q[at] = (prev[s * W] as number) * (sums[0] as number);
    for (let lane = 1; lane < W; lane++) q[at + lane] = mulMod(prev[s * W + lane] as number, sums[lane] as number, primes[lane - 1] as number, inv[lane - 1] as number);
    this.stamp[cell] = this.group;
    this.stats.sums++;
    return true;
  }

  /**
   * Into this.sums, the sum over node z - 1's non-zero gate counts g at the i-th live state of
   * g * R (lastNodeGroups.ts), every lane, R filled where stale; the roundings behind its
   * approximation, or -1 where a product of gate counts passes 2^53.
   */
  private middleSum(i: number, layer: readonly TableNode[], out: TableNode, tau: number, basis: ResidueBasis): number {
    const W = basis.lanes + 1;
    const { walk, sums, one, middleSums } = this;
    const y = layer.length - 2;
    const node = layer[y] as TableNode;
    const c = walk.countsAt(i, y, node);
    const { from } = walk;
    const { gates, which } = this.scratch.keptLayer as LayerGates;
    for (let lane = 0; lane < W; lane++) sums[lane] = 0; // a loop: fill()'s call cost more on so few lanes
    let small = 0; // summed unreduced and reduced once (residueLanes.ts)
    // R's cells are the state's it shares its list with (groupWalk.ts `canonical`).
    const shared = walk.canonical(i);
    for (let k = 0; k < c; k++) {
      const tail = this.tailOf(node.tables[which[from + k] as number] as number, tau);
      const cell = shared * this.tails + tail;
      if (this.middleStamp[cell] !== this.superGroup) {
        const n = this.listedSum(shared, layer, out, tail, basis, middleSums, cell * W);
        if (n < 0) return -1;
        // z - 2 exact products and one by W, n additions.
        this.middleRoundings = Math.max(this.middleRoundings, n + 1);
        this.middleStamp[cell] = this.superGroup;
      }
      small = addLanesTimes(sums, 0, gates[from + k] as number, middleSums, cell * W, basis, small, one);
    }
    if (small > 0) reduceLanes(sums, 0, basis);
    // An R cell's roundings and one product by g, c additions.
    return this.middleRoundings + 1 + c;
  }

  /** listedLanes (listedSums.ts) of the i-th live state into `into` at `at`: how many choices, or -1 (declined where a W passed 2^53). */
  private listedSum(i: number, layer: readonly TableNode[], out: TableNode, tail: number, basis: ResidueBasis, into: Float64Array, at: number): number {
    const n = listedLanes(this.walk, i, layer, out, tail, basis, into, at, this.one, this.other, this.stats);
    if (n === W_PAST_53) this.declined = true;
    return n < 0 ? -1 : n;
  }

  /** Gate count g times Q's cell at `at` (its lanes) added to `total`, every lane, its residues reduced when they must be (residueLanes.ts). */
  private addTerm(g: number, at: number, basis: ResidueBasis, total: Float64Array): void {
    this.unreduced = addLanesTimes(total, 0, g, this.q, at, basis, this.unreduced, this.one);
  }

  /** `total`'s residue lanes reduced (each below its prime again). */
  private reduce(basis: ResidueBasis, total: Float64Array): void {
    if (this.unreduced === 0) return;
    reduceLanes(total, 0, basis);
    this.unreduced = 0;
  }

  /** The circuit left to the DP's plain steps: -1. */
  private decline(): number {
    this.stats.declined++;
    return -1;
  }

  protected holdCells(cells: number, lanes: number): void {
    if (this.q.length < cells * lanes) this.q = new Float64Array(cells * lanes);
  }

  /** Q[sp][tau], every lane, for the first `stale` tables of this.stale, summed over nodes 0..z-1's joint choices, stamped. */
  private fill(sp: number, prev: Float64Array, prevRoundings: number, layer: readonly TableNode[], out: TableNode, stale: number, basis: ResidueBasis): void {
    const W = basis.lanes + 1;
    const K = W - 1;
    const { primes, inv } = basis;
    const z = layer.length - 1;
    if (this.sums.length < this.stale.length * W) this.sums = new Float64Array(this.stale.length * W);
    if (this.levels.length < (z + 1) * W) this.levels = new Float64Array((z + 1) * W);
    const { sums, levels, one, below } = this;
    const { digit, maxT } = below;
    sums.fill(0, 0, stale * W);
    let terms = 0;
    if (below.gather(layer)) {
      const { factors, nonZero } = below;
      if (this.residues.length < z * maxT * K) this.residues = new Float64Array(z * maxT * K);
      const { residues } = this;
      for (let r = 0; r < z; r++) {
        for (let c = 0; c < (nonZero[r] as number); c++) {
          const at = r * maxT + c;
          residuesOf(factors[at] as number, basis, one);
          for (let k = 0; k < K; k++) residues[at * K + k] = one[k + 1] as number;
        }
      }
      for (let lane = 0; lane < W; lane++) levels[lane] = prev[sp * W + lane] as number;
      let from = 0;
      for (;;) {
        for (let r = from; r < z; r++) {
          const at = r * maxT + (digit[r] as number);
          const lo = r * W;
          levels[lo + W] = (levels[lo] as number) * (factors[at] as number);
          for (let k = 1; k <= K; k++) levels[lo + W + k] = mulMod(levels[lo + k] as number, residues[at * K + k - 1] as number, primes[k - 1] as number, inv[k - 1] as number);
        }
        const joint = below.joint(z, this.walk.w.stride);
        const top = z * W;
        for (let i = 0; i < stale; i++) {
          const w = this.outputW(layer, out, joint, this.stale[i] as number);
          if (w === 0) continue;
          if (w >= TWO_53) {
            this.declined = true;
            return;
          }
          const at = i * W;
          sums[at] = (sums[at] as number) + (levels[top] as number) * w;
          residuesOf(w, basis, one);
          for (let k = 1; k <= K; k++) {
            sums[at + k] = residueOf((sums[at + k] as number) + mulMod(levels[top + k] as number, one[k] as number, primes[k - 1] as number, inv[k - 1] as number), primes[k - 1] as number, inv[k - 1] as number);
          }
        }
        terms++;
        from = below.advance(z);
        if (from < 0) break;
      }
    }
    this.qRoundings = Math.max(this.qRoundings, prevRoundings + z + 1 + terms);
    for (let i = 0; i < stale; i++) {
      const cell = this.qRow(this.stale[i] as number) * this.states + sp;
      this.q.set(sums.subarray(i * W, i * W + W), cell * W);
      this.stamp[cell] = this.group;
    }
  }
}
