import test from 'ava';
import type { CircuitCode } from '../../shared/engine/circuitRecord.js';
import { CircuitTabler } from '../../shared/engine/circuitTables.js';
import { localGateCount } from '../../shared/engine/groundingCount.js';
import { PrefixDp } from '../../shared/engine/groundingDp.js';
import type { Gate } from '../../shared/engine/types.js';
import { groundingPatterns } from '../../shared/engine/truthTables.js';
import { everyCircuitCode } from '../helpers/circuitCodes.js';
import { mulberry32, randomCase } from '../helpers/randomNetwork.js';

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
  const dp = (limit: number, sums: boolean): PrefixDp => new PrefixDp(input.model, patterns, count, limit, sums);
  const plain = dp(2 ** 53, false);
  const exact = all.map((code) => plain.count(code));
  // The output's tables per circuit: kept circuits share them (their output computes the gate),
  // so a group must tell two output rows apart by more than the tables.
  const tabler = new CircuitTabler(input.model, patterns);
  const outputTables = all.map((code) => tabler.tables(code)?.nodes.at(-1)?.map((node) => node.tables.join(',')).join('/') ?? '');
  return { all, dp, exact, outputTables };
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
    for (const [name, order] of [...orders(all, seed), ['with one output table, in search order', keptLike(all, outputTables)]] as [string, number[]][]) {
      const summed = dp(2 ** 53, true);
      let wrong = 0;
      for (const i of order) if (summed.count(all[i] as CircuitCode) !== exact[i]) wrong++;
      t.is(wrong, 0, `${sizes} seed ${seed} ${name}`);
      // Circuits of one output node go through the sums, and in the search's order some read a
      // group's; those with both outputs on (here 1 148 of 1 862) take the plain steps.
      const stats = summed.sums?.stats ?? { groups: 0, sums: 0, reads: 0 };
      t.true(stats.groups > 0, `${sizes} ${name}: no group`);
      if (name === 'in search order') t.true(stats.reads > stats.sums, `${sizes}: no circuit read sums its group had made`);
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
      const low = dp(limit, true);
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
      t.is(wrong, 0, `${sizes} ${name}`);
      t.true(nan >= exact.filter((n) => n >= limit).length, `${sizes} ${name}: a count past the limit was not NaN`);
      t.true(below > 0, `${sizes} ${name}: no positive count below the limit`);
    }
  }
});
