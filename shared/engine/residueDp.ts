/**
 * The grounding DP (groundingCount.ts) for the circuits whose counts pass 2^53, exactly, without
 * BigInt in its loops. Every f value is carried as a float64 approximation (lane 0) and as its
 * residues modulo K primes below 2^26 (lanes 1..K, residues.ts); the approximation's rounding error
 * is bounded, and when the primes' product exceeds twice that bound the residues pin the count down
 * exactly (`exact`). On XOR [2, 4, 4, 4, 1] 9% of the kept circuits of random slices and half of
 * those of the heaviest pass 2^53 (counts up to 2^106), and the BigInt DP that counted them was
 * more than half of the run.
 *
 * Layers are kept from circuit to circuit as in groundingDp.ts. K starts at 3 and grows by one, up
 * to the primes given, when a count needs more (the kept layers are then recomputed; every lane
 * costs every circuit after, so it grows by little); past the last, `count` returns null and the
 * caller counts in BigInt.
 */
import type { CircuitCode } from './circuitRecord.js';
import { CircuitTabler, jointStates, type TableNode } from './circuitTables.js';
import { LayerKeys } from './layerKeys.js';
import type { LastNodeWay } from './lastNodeGroups.js';
import { LastNodeResidues } from './lastNodeResidues.js';
import { StepScratch, type GateCountOf } from './stepScratch.js';
import { mulMod, primesBelow, RESIDUE_BOUND, ResidueBasis, residueOf } from './residues.js';
import type { GroundingPatterns } from './truthTables.js';
import type { NetworkModel } from './types.js';

/** The 16 largest primes below 2^26: counts whose approximation is off by less than about 2^414. */
export const RESIDUE_PRIMES: readonly number[] = primesBelow(RESIDUE_BOUND, 16);
/** Three primes: counts up to about 2^115 (their approximation within 2^77). */
const FIRST_LANES = 3;
/** Unreduced sums of residue products stay below this: exact, and so is their reduction (its quotient times p stays below 2^53). */
const LAZY_ROOM = 2 ** 52;
/** Unit roundoff of float64. */
const U = 2 ** -53;

export class ResidueDp {
  /** Layers kept and computed, and how often K grew (for measurements). */
  readonly stats = { kept: 0, computed: 0, widened: 0 };
  private readonly tabler: CircuitTabler;
  private readonly keys: LayerKeys;
  private readonly L: number;
  private basis: ResidueBasis;
  /** Values per state: the approximation, then one residue per prime. */
  private W: number;
  private valid = 0;
  private readonly layers: TableNode[][] = [];
  /** The last two steps summed per group (lastNodeResidues.ts); null below two hidden layers or when turned off. */
  readonly sums: LastNodeResidues | null;
  private readonly states: number[] = [];
  /** f[l - 1][s * W + lane]. */
  private readonly f: Float64Array[] = [];
  /** roundings[l - 1]: a bound on the roundings behind any approximation of layer l. */
  private readonly roundings: number[] = [];
  private readonly scratch: StepScratch;
  /** factors[(r * maxT + c) * W + lane]: node r's c-th non-zero gate count, and its residues. */
  private factors = new Float64Array(0);
  private offsets = new Float64Array(0);
  /** The odometer's partial products per node, every lane, and its partial state offsets. */
  private readonly levels: Float64Array;
  private readonly shifts: Float64Array;
  private readonly total: Float64Array;

  constructor(
    model: NetworkModel,
    patterns: GroundingPatterns,
    private readonly gates: GateCountOf,
    private readonly primes: readonly number[] = RESIDUE_PRIMES,
    firstLanes = FIRST_LANES,
    /** Unreduced lanes stay below this (tests lower it, to reduce mid-step). */
    private readonly lazyRoom = LAZY_ROOM,
    /** How the last two layers are counted (lastNodeGroups.ts; other than the walk only to test it and the other ways against each other). */
    lastNodes: LastNodeWay = 'walk',
  ) {
    const sizes = model.layerSizes;
    this.tabler = new CircuitTabler(model, patterns);
    this.keys = new LayerKeys(sizes);
    this.L = sizes.length - 1;
    this.basis = new ResidueBasis(primes.slice(0, Math.min(firstLanes, primes.length)));
    this.W = this.basis.lanes + 1;
    this.scratch = new StepScratch(Math.max(...sizes), this.L);
    this.sums = lastNodes !== 'off' && this.L >= 3 ? new LastNodeResidues(this.scratch, gates, patterns.count, Math.max(...sizes), lastNodes) : null;
    this.levels = new Float64Array((Math.max(...sizes) + 1) * (primes.length + 1));
    this.shifts = new Float64Array(Math.max(...sizes) + 1);
    this.total = new Float64Array(primes.length + 1);
  }

  /** The exact number of groundings of `code`; null when even every prime given cannot pin it down (or float64 cannot approximate it). */
  count(code: CircuitCode): bigint | null {
    for (;;) {
      const n = this.attempt(code);
      if (n !== undefined) return n;
      if (this.basis.lanes >= this.primes.length) return null;
      this.basis = new ResidueBasis(this.primes.slice(0, this.basis.lanes + 1));
      this.W = this.basis.lanes + 1;
      this.valid = 0;
      this.stats.widened++;
    }
  }

  /** The count with the current primes; undefined when it may pass their product. */
  private attempt(code: CircuitCode): bigint | undefined {
    const L = this.L;
    let l = this.keys.firstChanged(code, this.valid);
    this.valid = l - 1;
    // The layers above l are built on a new layer l: their kept gate counts no longer hold.
    this.scratch.forget(l + 1);
    this.stats.kept += l - 1;
    const { sums } = this;
    if (sums && l < L - 1) sums.reset();
    for (; l <= L; l++) {
      this.stats.computed++;
      const layer = this.tabler.layer(code, l);
      if (!layer) return 0n; // some node has no truth table
      const states = jointStates(layer);
      this.layers[l - 1] = layer;
      this.states[l - 1] = states;
      if (l === L && l === 1) return BigInt(states);
      if (l === L) {
        this.total.fill(0);
        const roundings = this.step(l, this.total, true);
        return this.exact(this.total, roundings);
      }
      if (sums && l === L - 1 && sums.fits(this.states[l - 2] as number, this.W, (layer[layer.length - 1] as TableNode).tables.length)) {
        const out = this.tabler.layer(code, L);
        if (!out) return 0n;
        if (out.length === 1) {
          this.total.fill(0);
          const below = this.layers[l - 2] as TableNode[];
          const prev = this.f[l - 2] as Float64Array;
          const roundings = sums.total(below, prev, this.states[l - 2] as number, this.roundings[l - 2] as number, layer, code.masks[l - 1] as number, out[0] as TableNode, l, this.basis, this.total);
          if (roundings >= 0) return this.exact(this.total, roundings);
        }
      }
      let f = this.f[l - 1];
      if (!f || f.length < states * this.W) this.f[l - 1] = f = new Float64Array(states * this.W);
      f.fill(0, 0, states * this.W);
      if (l === 1) {
        for (let s = 0; s < states; s++) for (let k = 0; k < this.W; k++) f[s * this.W + k] = 1;
        this.roundings[0] = 0;
      } else this.roundings[l - 1] = this.step(l, f, false);
      this.keys.remember(code, l);
      this.valid = l;
    }
    return 0n; // not reached: the loop returns at layer L
  }

  /**
   * The count from the output layer's lanes, or undefined when the primes' product M does not
   * exceed twice the approximation's error. A float64 sum of non-negative terms with at most m
   * roundings each is within gamma_m = m u / (1 - m u) of the exact sum C, so |C - A| <= 2 gamma_m A
   * <= 4 m u A for m u <= 2^-20 (plus 4, for the rounding of that bound itself); C is then the one
   * integer within that error of A whose residues are those of the lanes. So the residues carry
   * only the approximation's uncertain low bits: three primes for counts up to about 2^115.
   */
  private exact(total: Float64Array, roundings: number): bigint | undefined {
    const approx = total[0] as number;
    if (approx === 0) return 0n; // products of positive integers never round to zero
    if (!Number.isFinite(approx) || roundings * U > 2 ** -20) return undefined;
    return this.basis.near(approx, approx * 4 * roundings * U + 4, total.subarray(1, this.W));
  }

  /**
   * f_l from f_{l-1} into `next` (zeroed), every lane; for the output layer (`sum`) the joint
   * choices are summed into next[0..W) instead. Returns the bound on roundings for layer l.
   */
  private step(l: number, next: Float64Array, sum: boolean): number {
    const below = this.layers[l - 2] as TableNode[];
    const layer = this.layers[l - 1] as TableNode[];
    const prev = this.f[l - 2] as Float64Array;
    const prevStates = this.states[l - 2] as number;
    const { scratch, levels, shifts, W } = this;
    const { digit, nonZero } = scratch;
    const { primes, inv, smallest, largest } = this.basis;
    const K = W - 1;
    const n = layer.length;
    let maxT = 1;
    for (const node of layer) maxT = Math.max(maxT, node.tables.length);
    if (this.factors.length < n * maxT * W) this.factors = new Float64Array(n * maxT * W);
    if (this.offsets.length < n * maxT) this.offsets = new Float64Array(n * maxT);
    const { factors, offsets } = this;
    scratch.start(below, layer, l);
    // The last node's products are added to the lanes unreduced while they stay exact: `room`
    // bounds every lane's value (each choice below and of the nodes before the last adds to a
    // lane at most once; when summing, every product adds to the one cell), and they are reduced
    // when it would pass 2^52, so reducing stays exact too. Gate counts are small (2^(free
    // tuples)), so a layer's sums are reduced once or a few times, not at every term: the
    // heaviest slice of XOR [2, 4, 4, 4, 1] took about a fifth less.
    const cells = sum ? 1 : (this.states[l - 1] as number);
    let room = largest;
    let terms = 0;
    for (let sp = 0; sp < prevStates; sp++) {
      if (sp > 0) scratch.advance();
      if (prev[sp * W] === 0) continue;
      if (!scratch.gather(layer, this.gates, factors, offsets, maxT, W)) continue;
      // Each factor's residues: a gate count below every prime is its own (almost all are: 2^(free tuples)).
      let lastBound = 0;
      for (let r = 0; r < n; r++) {
        for (let c = 0; c < (nonZero[r] as number); c++) {
          const at = (r * maxT + c) * W;
          const g = factors[at] as number;
          if (g < smallest) for (let k = 1; k <= K; k++) factors[at + k] = g;
          else for (let k = 0; k < K; k++) factors[at + 1 + k] = residueOf(g, primes[k] as number, inv[k] as number);
          if (r === n - 1) lastBound = Math.max(lastBound, g < smallest ? g : largest);
        }
      }
      // The joint choices of nodes 0..n-2 as an odometer; their product serves every choice of the
      // last node, which varies fastest (half the residue products on a layer of four nodes).
      const last = n - 1;
      // What one product of the last node may add to a lane: below 2^52, so a lane just reduced takes it exactly.
      const adds = largest * lastBound;
      for (let r = 0; r < last; r++) digit[r] = 0;
      for (let k = 0; k < W; k++) levels[k] = prev[sp * W + k] as number;
      // levels[(r + 1) * W + lane]: the weight times the chosen factors of nodes 0..r, redone from
      // the first digit that moved (a residue product is a division's work, not one multiplication).
      let from = 0;
      for (;;) {
        if (!sum) {
          if (room + adds > this.lazyRoom) {
            this.reduce(next, cells);
            room = largest;
          }
          room += adds;
        }
        for (let r = from; r < last; r++) {
          const at = (r * maxT + (digit[r] as number)) * W;
          const below = r * W;
          levels[below + W] = (levels[below] as number) * (factors[at] as number);
          for (let k = 1; k <= K; k++) levels[below + W + k] = mulMod(levels[below + k] as number, factors[at + k] as number, primes[k - 1] as number, inv[k - 1] as number);
          shifts[r + 1] = (shifts[r] as number) + (offsets[r * maxT + (digit[r] as number)] as number);
        }
        const s = shifts[last] as number;
        const pb = last * W;
        for (let c = 0; c < (nonZero[last] as number); c++) {
          const at = (last * maxT + c) * W;
          const to = sum ? 0 : (s + (offsets[last * maxT + c] as number)) * W;
          next[to] = (next[to] as number) + (levels[pb] as number) * (factors[at] as number);
          if (sum) {
            if (room + adds > this.lazyRoom) {
              this.reduce(next, 1);
              room = largest;
            }
            room += adds;
          }
          for (let k = 1; k <= K; k++) next[to + k] = (next[to + k] as number) + (levels[pb + k] as number) * (factors[at + k] as number);
          terms++;
        }
        let r = last - 1;
        while (r >= 0 && (digit[r] = (digit[r] as number) + 1) === nonZero[r]) digit[r--] = 0;
        if (r < 0) break;
        from = r;
      }
    }
    this.reduce(next, cells);
    // Each term: the weight's roundings, n products; each sum: at most `terms` additions.
    return (this.roundings[l - 2] as number) + n + (sum ? terms : prevStates);
  }

  /** Every lane of the first `cells` cells of `next` reduced modulo its prime (they are below 2^52: exact). */
  private reduce(next: Float64Array, cells: number): void {
    const { W } = this;
    const { primes, inv } = this.basis;
    for (let cell = 0; cell < cells; cell++) {
      for (let k = 1; k < W; k++) {
        const at = cell * W + k;
        const v = next[at] as number;
        const p = primes[k - 1] as number;
        if (v < p) continue;
        const r = v - Math.floor(v * (inv[k - 1] as number)) * p;
        next[at] = r < 0 ? r + p : r >= p ? r - p : r;
      }
    }
  }
}
