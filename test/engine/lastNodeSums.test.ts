import test from 'ava';
import type { CircuitCode } from '../../shared/engine/circuitRecord.js';
import { CircuitTabler } from '../../shared/engine/circuitTables.js';
import { localGateCount } from '../../shared/engine/groundingCount.js';
import { PrefixDp } from '../../shared/engine/groundingDp.js';
import { MAX_SUM_CELLS, MAX_SUM_VALUES, type LastNodeWay } from '../../shared/engine/lastNodeGroups.js';
import { Q_TABLES } from '../../shared/engine/qRows.js';
import { LastNodeResidues } from '../../shared/engine/lastNodeResidues.js';
import { ResidueDp, RESIDUE_PRIMES } from '../../shared/engine/residueDp.js';
import { StepScratch } from '../../shared/engine/stepScratch.js';
import type { Gate } from '../../shared/engine/types.js';
import { groundingPatterns } from '../../shared/engine/truthTables.js';
import { everyCircuitCode } from '../helpers/circuitCodes.js';
import { mulberry32, randomCase } from '../helpers/randomNetwork.js';

/**
 * The ways of summing per group: the walk over the live states below, the same with two ids of
 * each table for the middle way's tails (super groups run out of them and start again), the walk
 * without the middle way (every Q cell a sum over the listed joint choices, those known zero
 * skipped: outputSupport.ts), and the odometer over every state (what a group the walk cannot take
 * does).
 */
const WAYS: readonly LastNodeWay[] = ['walk', 'walk-few-ids', 'walk-listed', 'states'];

/** The sums' stats of a DP that made none (every count zero). */
const NO_SUMS = { groups: 0, sums: 0, reads: 0, walks: 0, walksLeft: 0, declined: 0, restarts: 0, zeros: 0, qRestarts: 0, factored: 0 } as const;

/** Shapes past one hidden layer (two to four), three-input and two-output ones among them, with seeds that give circuits groundings. */
const cases: [number[], Gate[], number, boolean][] = [
  [[2, 3, 3, 1], ['XOR'], 2, false],
  [[2, 3, 2, 2, 1], ['XOR'], 402, false],
  [[2, 3, 2, 2, 1], ['XOR'], 403, true],
  [[2, 2, 2, 3, 2, 1], ['XOR'], 402, false],
  [[3, 2, 3, 1], ['MAJORITY'], 2, false],
  [[2, 2, 3, 2], ['XOR', 'AND'], 4, false],
];

function setup(sizes: number[], gates: Gate[], seed: number, noisy: boolean) {
  const all = everyCircuitCode(sizes);
  const { input } = randomCase(seed, sizes, gates, noisy);
  const patterns = groundingPatterns(input.grounding);
  const count = (table: number, parents: Int32Array): number => localGateCount(table, parents, patterns.count);
  const dp = (limit: number, way: LastNodeWay): PrefixDp => new PrefixDp(input.model, patterns, count, limit, way);
  const residues = (primes: readonly number[], lanes: number | undefined, way: LastNodeWay): ResidueDp => new ResidueDp(input.model, patterns, count, primes, lanes, undefined, way);
  const plain = dp(2 ** 53, 'off');
  const exact = all.map((code) => plain.count(code));
  // The output's tables per circuit: kept circuits share them (their output computes the gate),
  // so a group must tell two output rows apart by more than the tables.
  const tabler = new CircuitTabler(input.model, patterns);
  const outputTables = all.map((code) => tabler.tables(code)?.nodes.at(-1)?.map((node) => node.tables.join(',')).join('/') ?? '');
  return { all, dp, residues, exact, outputTables };
}

/** The search's order restricted to the circuits whose output has the most common tables. */
function keptLike(all: readonly CircuitCode[], outputTables: readonly string[]): number[] {
  const tally = new Map<string, number>();
  for (const k of outputTables) if (k !== '') tally.set(k, (tally.get(k) ?? 0) + 1);
  const common = [...tally].sort((a, b) => b[1] - a[1])[0]?.[0];
  return searchOrder(all).filter((i) => outputTables[i] === common);
}

/** The search's order: node masks, then rows layer by layer, the last layer's and within a layer the last node's row moving fastest. */
function searchOrder(all: readonly CircuitCode[]): number[] {
  const key = (c: CircuitCode): number[] => [...c.masks, ...c.rows.flatMap((r) => [...r])];
  const keys = all.map(key);
  return all
    .map((_, i) => i)
    .sort((a, b) => {
      const x = keys[a] as number[];
      const y = keys[b] as number[];
      for (let k = 0; k < x.length; k++) if (x[k] !== y[k]) return (x[k] as number) - (y[k] as number);
      return 0;
    });
}

function orders(all: readonly CircuitCode[], seed: number): [string, number[]][] {
  const n = all.length;
  const rand = mulberry32(seed);
  const shuffled = Array.from({ length: n }, (_, i) => i).sort(() => rand() - 0.5);
  return [
    ['in search order', searchOrder(all)],
    ['in order', Array.from({ length: n }, (_, i) => i)],
    ['reversed', Array.from({ length: n }, (_, i) => n - 1 - i)],
    ['shuffled', shuffled],
  ];
}

test('the last two layers summed per group equal the plain steps on every circuit, in order, reversed and shuffled', (t) => {
  for (const [sizes, gates, seed, noisy] of cases) {
    const { all, dp, exact, outputTables } = setup(sizes, gates, seed, noisy);
    t.true(exact.filter((v) => v > 0).length > 20, `${sizes}: too few circuits with groundings`);
    for (const way of WAYS) {
      let qRestarts = 0;
      for (const [name, order] of [...orders(all, seed), ['with one output table, in search order', keptLike(all, outputTables)]] as [string, number[]][]) {
        const summed = dp(2 ** 53, way);
        let wrong = 0;
        for (const i of order) if (summed.count(all[i] as CircuitCode) !== exact[i]) wrong++;
        t.is(wrong, 0, `${sizes} seed ${seed} ${way} ${name}`);
        // Circuits of one output node go through the sums, and in the search's order some read a
        // group's; those with both outputs on (here 1 148 of 1 862) take the plain steps.
        const stats = summed.sums?.stats ?? NO_SUMS;
        t.true(stats.groups > 0, `${sizes} ${way} ${name}: no group`);
        // (Q's four rows under 'walk-few-ids' start again too often for that.)
        if (name === 'in search order' && way !== 'walk-few-ids') t.true(stats.reads > stats.sums, `${sizes} ${way}: no circuit read sums its group had made`);
        t.is(stats.walks > 0, way !== 'states', `${sizes} ${way} ${name}: walks ${stats.walks}`);
        // Two ids of each table run out; the default ids (past four patterns alone) do not here.
        t.is(stats.restarts > 0, way === 'walk-few-ids', `${sizes} ${way} ${name}: restarts ${stats.restarts}`);
        // Zero cells are skipped outside the middle way, and in it past four patterns (or under 'walk-few-ids').
        if (way === 'walk-listed' || way === 'walk-few-ids' || (way === 'walk' && sizes[0] === 3)) t.true(stats.zeros > 0, `${sizes} ${way} ${name}: no Q cell known zero`);
        qRestarts += stats.qRestarts;
      }
      // Four rows of Q run out (in some order); 64 (every table with two inputs) do not here.
      t.is(qRestarts > 0, way === 'walk-few-ids', `${sizes} ${way}: Q restarts ${qRestarts}`);
    }
  }
});

test('near a low limit the summed count is exact or NaN, and NaN whenever the count reaches the limit', (t) => {
  for (const [sizes, gates, seed, noisy] of cases.slice(0, 4)) {
    const { all, dp, exact } = setup(sizes, gates, seed, noisy);
    const positive = exact.filter((v) => v > 0).sort((a, b) => a - b);
    // A limit inside the range of counts, so that some circuits pass it and some do not.
    const limit = positive[Math.floor(positive.length / 2)] as number;
    for (const [name, order] of orders(all, seed + 1)) {
      for (const way of WAYS) {
        const low = dp(limit, way);
        let wrong = 0;
        let nan = 0;
        let below = 0;
        for (const i of order) {
          const v = low.count(all[i] as CircuitCode);
          const n = exact[i] as number;
          if (Number.isNaN(v)) {
            nan++;
            continue;
          }
          if (v !== n || n >= limit) wrong++;
          if (n > 0) below++;
        }
        t.is(wrong, 0, `${sizes} ${way} ${name}`);
        t.true(nan >= exact.filter((n) => n >= limit).length, `${sizes} ${way} ${name}: a count past the limit was not NaN`);
        t.true(below > 0, `${sizes} ${way} ${name}: no positive count below the limit`);
      }
    }
  }
});

test('in residues, the last two layers summed per group equal the plain steps, as the primes widen', (t) => {
  for (const [sizes, gates, seed, noisy] of cases) {
    const { all, residues, exact } = setup(sizes, gates, seed, noisy);
    // 2, 3, 5, 7 from one lane: the lanes widen (each widening starts a group of more lanes).
    for (const [primes, lanes] of [
      [RESIDUE_PRIMES, undefined],
      [[2, 3, 5, 7], 1],
    ] as [readonly number[], number | undefined][]) {
      for (const [name, order] of orders(all, seed).filter(([n]) => n !== 'in order')) {
        for (const way of WAYS) {
          const summed = residues(primes, lanes, way);
          let wrong = 0;
          for (const i of order) if (summed.count(all[i] as CircuitCode) !== BigInt(exact[i] as number)) wrong++;
          t.is(wrong, 0, `${sizes} seed ${seed} ${primes.length} primes ${way} ${name}`);
          const stats = summed.sums?.stats ?? NO_SUMS;
          if (name === 'in search order' && way !== 'walk-few-ids') t.true(stats.reads > stats.sums, `${sizes} ${way}: no circuit read sums its group had made`);
          if (lanes === 1 && name === 'in search order') t.true(summed.stats.widened > 0, `${sizes} ${way}: the lanes never widened`);
        }
      }
    }
  }
});

test('past 2^53, the residues summed per group equal the plain residue steps: XOR [2, 4, 4, 4, 1] with its last two nodes\' rows moved', (t) => {
  const sizes = [2, 4, 4, 4, 1];
  let past = 0;
  for (const seed of [1, 2, 3]) {
    const { input } = randomCase(seed, sizes, ['XOR'], false);
    const patterns = groundingPatterns(input.grounding);
    const count = (table: number, parents: Int32Array): number => localGateCount(table, parents, patterns.count);
    // Every row of the last hidden layer's last two nodes under the full circuit, in the search's order.
    const codes: CircuitCode[] = [];
    for (let a = 1; a < 16; a++) {
      for (let b = 1; b < 16; b++) {
        const rows = sizes.slice(1).map((w, l) => new Uint32Array(w).fill(2 ** (sizes[l] as number) - 1));
        (rows[2] as Uint32Array)[2] = a;
        (rows[2] as Uint32Array)[3] = b;
        codes.push({ masks: Uint32Array.from(sizes.slice(1), (w) => 2 ** w - 1), rows });
      }
    }
    // Gate counts of four parents times 2^27 too: two of them multiply past 2^53, whose residues the walk takes factor by factor.
    // And those of three parents (the last two nodes' on such rows) times 2^21: below every prime, so
    // summed unreduced, where a few dozen terms pass 2^53 unless the lanes are reduced on the way.
    for (const [scale, gates] of [
      ['', count],
      [' x 2^27', (table: number, parents: Int32Array): number => count(table, parents) * (parents.length === 4 ? 2 ** 27 : 1)],
      [' x 2^21', (table: number, parents: Int32Array): number => count(table, parents) * (parents.length === 3 ? 2 ** 21 : 1)],
    ] as const) {
      const plain = new ResidueDp(input.model, patterns, gates, RESIDUE_PRIMES, undefined, undefined, 'off');
      const exact = codes.map((code) => plain.count(code));
      t.true(exact.every((n) => n !== null));
      past += exact.filter((n) => n !== null && n >= 2n ** 53n).length;
      for (const way of WAYS) {
        const summed = new ResidueDp(input.model, patterns, gates, RESIDUE_PRIMES, undefined, undefined, way);
        let wrong = 0;
        codes.forEach((code, i) => {
          if (summed.count(code) !== exact[i]) wrong++;
        });
        t.is(wrong, 0, `seed ${seed}${scale} ${way}`);
        const stats = summed.sums?.stats ?? NO_SUMS;
        t.true(stats.groups >= 15 && stats.groups < codes.length, `seed ${seed}${scale} ${way}: groups ${stats.groups}`);
        t.is(stats.walks > 0, way !== 'states', `seed ${seed}${scale} ${way}: walks ${stats.walks}`);
        t.is(stats.walksLeft, 0, `seed ${seed}${scale} ${way}: walks left ${stats.walksLeft}`);
        // Without the middle way the listed products take node z - 1's counts too, and pass 2^53 under x 2^21 as well.
        if (way !== 'walk-listed') t.is(stats.factored > 0, way !== 'states' && scale === ' x 2^27', `seed ${seed}${scale} ${way}: products factored ${stats.factored}`);
        else t.is(stats.factored > 0, scale !== '', `seed ${seed}${scale} ${way}: products factored ${stats.factored}`);
      }
    }
  }
  t.true(past > 200, `only ${past} counts past 2^53`);
});

test('in residues, a W past 2^53 (the output\'s gate counts summed over its tables) leaves the circuit to the plain steps', (t) => {
  // A random XOR [2, 4, 4, 4, 1] whose output has up to three tables over these circuits; gate
  // counts of four parents (the output's, and the last two nodes' on their full rows) times 2^52
  // make W a sum of powers of two past 2^53 that is none itself, while the hidden nodes of three
  // parents keep the walk's products below 2^53, so the walk itself meets W.
  const sizes = [2, 4, 4, 4, 1];
  const { input } = randomCase(2, sizes, ['XOR'], false);
  const patterns = groundingPatterns(input.grounding);
  const gates = (table: number, parents: Int32Array): number => localGateCount(table, parents, patterns.count) * (parents.length === 4 ? 2 ** 52 : 1);
  const codes: CircuitCode[] = [];
  for (let a = 1; a < 16; a++) {
    for (let b = 1; b < 16; b++) {
      const rows = sizes.slice(1).map((w, l) => new Uint32Array(w).fill(l === 0 ? 3 : l === 3 ? 15 : 7));
      (rows[2] as Uint32Array)[2] = a;
      (rows[2] as Uint32Array)[3] = b;
      codes.push({ masks: Uint32Array.from(sizes.slice(1), (w) => 2 ** w - 1), rows });
    }
  }
  const plain = new ResidueDp(input.model, patterns, gates, RESIDUE_PRIMES, undefined, undefined, 'off');
  const exact = codes.map((code) => plain.count(code));
  for (const way of WAYS) {
    const summed = new ResidueDp(input.model, patterns, gates, RESIDUE_PRIMES, undefined, undefined, way);
    let wrong = 0;
    codes.forEach((code, i) => {
      if (summed.count(code) !== exact[i]) wrong++;
    });
    t.is(wrong, 0, way);
    t.true((summed.sums?.stats.declined ?? 0) > 0, `${way}: no circuit left to the plain steps`);
    if (way !== 'walk-listed') t.is(summed.sums?.stats.walksLeft, 0, `${way}: the walk went to the odometer`);
    t.true((summed.sums?.stats.groups ?? 0) > 0, `${way}: no group`);
  }
});

test('Q is bounded: a layer below of too many states, too many lanes a cell, or a last node of too many tables takes the plain steps', (t) => {
  const scratch = new StepScratch(4, 3);
  const sums = new LastNodeResidues(scratch, () => 1, 4, 4);
  // Four patterns: 16 tables a state; 2^16 states are the 2^20 cells' bound, and four lanes (three primes) the values'.
  t.true(sums.fits(2 ** 16, 1, 16));
  t.false(sums.fits(2 ** 16 + 1, 1, 16));
  t.true(sums.fits(2 ** 16, 4, 16));
  t.false(sums.fits(2 ** 16, 5, 16));
  t.true(sums.fits(2 ** 12, 17, 16), 'sixteen primes where the layer below is smaller');
  t.is(MAX_SUM_VALUES, 4 * MAX_SUM_CELLS);
  // Eight patterns: Q holds Q_TABLES of the 256 tables at once, so 2^14 states fit, and a last node of more tables does not.
  const wide = new LastNodeResidues(new StepScratch(5, 3), () => 1, 8, 5);
  t.true(wide.fits(2 ** 20 / Q_TABLES, 4, Q_TABLES));
  t.false(wide.fits(2 ** 20 / Q_TABLES + 1, 1, Q_TABLES));
  t.false(wide.fits(1000, 1, Q_TABLES + 1));
  // Past 2^14 states Q holds fewer tables at once: PARITY [3, 5, 5, 1]'s 7^5 states, 62 of them, four lanes a cell.
  t.true(wide.fits(7 ** 5, 4, 7));
  t.true(wide.fits(7 ** 5, 4, 62));
  t.false(wide.fits(7 ** 5, 4, 63));
  t.true(wide.fits(2 ** 20, 4, 1), 'one table at a time');
  t.false(wide.fits(2 ** 20, 4, 2));
  t.false(wide.fits(2 ** 20, 5, 1));
  // With four patterns a row is its table's value: Q holds all 16 or none.
  t.false(sums.fits(2 ** 16 + 1, 1, 1));
});
