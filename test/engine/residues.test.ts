import test from 'ava';
import type { CircuitCode } from '../../shared/engine/circuitRecord.js';
import { localGateCount } from '../../shared/engine/groundingCount.js';
import { PrefixDp } from '../../shared/engine/groundingDp.js';
import { ResidueDp, RESIDUE_PRIMES } from '../../shared/engine/residueDp.js';
import { inverseMod, mulMod, primesBelow, ResidueBasis, residueOf } from '../../shared/engine/residues.js';
import { groundingPatterns } from '../../shared/engine/truthTables.js';
import { everyCircuitCode } from '../helpers/circuitCodes.js';
import { mulberry32, randomCase } from '../helpers/randomNetwork.js';

/** A random BigInt in [0, 2^bits). */
function randomBig(rand: () => number, bits: number): bigint {
  let n = 0n;
  for (let b = 0; b < bits; b += 16) n = (n << 16n) | BigInt(Math.floor(rand() * 65536));
  return n & ((1n << BigInt(bits)) - 1n);
}

test('the primes below a bound are the sieve\'s, largest first; the default ones are below 2^26', (t) => {
  const sieve: number[] = [];
  for (let n = 999; n >= 2; n--) {
    let prime = true;
    for (let d = 2; d < n; d++) if (n % d === 0) prime = false;
    if (prime) sieve.push(n);
  }
  t.deepEqual(primesBelow(1000, sieve.length), sieve);
  t.true(RESIDUE_PRIMES.every((p, i) => p < 2 ** 26 && (i === 0 || p < (RESIDUE_PRIMES[i - 1] as number))));
  t.throws(() => primesBelow(2 ** 27, 1), { instanceOf: RangeError });
});

test('products, residues and inverses modulo primes below 2^26 equal BigInt arithmetic', (t) => {
  const rand = mulberry32(11);
  for (const p of [...RESIDUE_PRIMES.slice(0, 4), 65_521, 13, 2]) {
    const P = BigInt(p);
    for (let i = 0; i < 2000; i++) {
      const a = Math.floor(rand() * p);
      const b = Math.floor(rand() * p);
      t.is(BigInt(mulMod(a, b, p, 1 / p)), (BigInt(a) * BigInt(b)) % P);
      const g = Math.floor(rand() * 2 ** 53);
      t.is(BigInt(residueOf(g, p, 1 / p)), BigInt(g) % P);
      if (a !== 0) t.is((BigInt(inverseMod(a, p)) * BigInt(a)) % P, 1n);
    }
    for (const e of [53, 64, 100, 255]) t.is(BigInt(residueOf(2 ** e, p, 1 / p)), (1n << BigInt(e)) % P);
  }
  t.throws(() => residueOf(2 ** 60 + 2 ** 10, 13, 1 / 13), { instanceOf: RangeError });
});

test('the integer of its residues: every value below the primes\' product comes back', (t) => {
  const rand = mulberry32(5);
  for (const primes of [RESIDUE_PRIMES.slice(0, 4), RESIDUE_PRIMES, [13, 11, 7, 5, 3, 2]]) {
    const basis = new ResidueBasis(primes);
    const product = primes.reduce((a, p) => a * BigInt(p), 1n);
    const bits = product.toString(2).length;
    for (let i = 0; i < 500; i++) {
      const n = i === 0 ? product - 1n : i === 1 ? 0n : randomBig(rand, bits) % product;
      t.is(basis.integer(primes.map((p) => Number(n % BigInt(p)))), n);
    }
    t.true(basis.productBelow < Number(product));
  }
});

/** Deep shapes (three and four hidden layers), whose DP keeps layers from circuit to circuit. */
const cases: [number[], number, boolean][] = [
  [[2, 3, 2, 2, 1], 402, false],
  [[2, 3, 2, 2, 1], 403, true],
  [[2, 2, 2, 3, 2, 1], 402, false],
];

test('residue counts equal the float DP on every circuit of deep networks, in order and shuffled, as the primes widen', (t) => {
  for (const [sizes, seed, noisy] of cases) {
    const all = everyCircuitCode(sizes);
    const { input } = randomCase(seed, sizes, ['XOR'], noisy);
    const patterns = groundingPatterns(input.grounding);
    const gates = (table: number, parents: Int32Array): number => localGateCount(table, parents, patterns.count);
    const float = new PrefixDp(input.model, patterns, gates, 2 ** 53);
    const exact = all.map((code) => BigInt(float.count(code)));
    t.true(exact.filter((n) => n > 1000n).length > 20, `${sizes}: too few large counts`);
    const rand = mulberry32(seed);
    const order = all.map((_, i) => i).sort(() => rand() - 0.5);
    for (const [name, primes] of [
      ['default primes', RESIDUE_PRIMES],
      // Four primes hold counts below 5005, all six below 30 030: larger ones widen, then give up.
      ['small primes', [13, 11, 7, 5, 3, 2]],
    ] as [string, readonly number[]][]) {
      for (const [how, indices] of [['in order', all.map((_, i) => i)], ['shuffled', order]] as [string, number[]][]) {
        const dp = new ResidueDp(input.model, patterns, gates, primes);
        let wrong = 0;
        let declined = 0;
        for (const i of indices) {
          const n = dp.count(all[i] as CircuitCode);
          if (n === null) declined++;
          else if (n !== exact[i]) wrong++;
        }
        t.is(wrong, 0, `${sizes} ${name} ${how}`);
        if (primes === RESIDUE_PRIMES) t.is(declined, 0);
        else {
          // Declined: every count past the product, and none more than its bound's margin (2) below it.
          const over = exact.filter((n) => n >= 30_030n).length;
          t.true(declined >= over && declined <= exact.filter((n) => n >= 30_027n).length, `${sizes} ${how}: declined ${declined}, ${over} past 30 030`);
          t.true(dp.stats.widened > 0);
        }
        if (how === 'in order') t.true(dp.stats.kept > dp.stats.computed / 4, `${sizes}: only ${dp.stats.kept} layers kept`);
      }
    }
  }
});
