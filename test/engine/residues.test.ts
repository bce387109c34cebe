import test from 'ava';
import type { CircuitCode } from '../../shared/engine/circuitRecord.js';
import { GroundingCounter, localGateCount } from '../../shared/engine/groundingCount.js';
import { PrefixDp } from '../../shared/engine/groundingDp.js';
import { ResidueDp, RESIDUE_PRIMES } from '../../shared/engine/residueDp.js';
import { inverseMod, mulMod, primesBelow, ResidueBasis, residueOf } from '../../shared/engine/residues.js';
import { groundingPatterns } from '../../shared/engine/truthTables.js';
import { everyCircuitCode } from '../helpers/circuitCodes.js';
import { mulberry32, randomCase } from '../helpers/randomNetwork.js';

/** Every node and edge on. */
function fullCode(sizes: readonly number[]): CircuitCode {
  return {
    masks: Uint32Array.from(sizes.slice(1), (w) => 2 ** w - 1),
    rows: sizes.slice(1).map((w, l) => new Uint32Array(w).fill(2 ** (sizes[l] as number) - 1)),
  };
}

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

test('the integer near an approximation from residues of its uncertain bits, above or below it', (t) => {
  const rand = mulberry32(9);
  const basis = new ResidueBasis(RESIDUE_PRIMES.slice(0, 3));
  let below = 0;
  let above = 0;
  for (let i = 0; i < 2000; i++) {
    const n = randomBig(rand, 54 + Math.floor(rand() * 60)) + 1n;
    const approx = Number(n); // rounded to nearest: above n or below it
    const off = BigInt(approx) - n;
    if (off > 0n) above++;
    if (off < 0n) below++;
    const error = Math.abs(Number(off)) * (1 + rand()) + 1;
    const residues = basis.primes.map((p) => Number(n % BigInt(p)));
    if (2 * error + 1 < basis.productBelow) t.is(basis.near(approx, error, residues), n);
    else t.is(basis.near(approx, error, residues), undefined);
  }
  t.true(above > 100 && below > 100, `${above} above, ${below} below`);
  t.is(basis.near(2 ** 90, 2 ** 80, [0, 0, 0]), undefined, 'a product below twice the error cannot tell');
  t.throws(() => basis.near(2 ** 60, 1, [5, 5, 5]), { instanceOf: RangeError });
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
    // The residues carry what the approximation leaves uncertain (here, counts below 2^53: at most
    // 4), so the product must pass 9: the default primes; 2, 3, 5, 7 from one lane (the lanes
    // widen twice); 3 and 2 (every non-zero count declined, for the BigInt DP); the default primes
    // with unreduced sums kept below 2^34, not 2^52 (reduced within a step, and a product per
    // reduction for gate counts past 2^8).
    for (const [name, primes, lanes, lazyRoom] of [
      ['default primes', RESIDUE_PRIMES, undefined, undefined],
      ['small primes from one lane', [2, 3, 5, 7], 1, undefined],
      ['too few primes', [3, 2], undefined, undefined],
      ['reduced within steps', RESIDUE_PRIMES, undefined, 2 ** 34],
    ] as [string, readonly number[], number | undefined, number | undefined][]) {
      for (const [how, indices] of [['in order', all.map((_, i) => i)], ['shuffled', order]] as [string, number[]][]) {
        const dp = new ResidueDp(input.model, patterns, gates, primes, lanes, lazyRoom);
        let wrong = 0;
        let declined = 0;
        for (const i of indices) {
          const n = dp.count(all[i] as CircuitCode);
          if (n === null) declined++;
          else if (n !== exact[i]) wrong++;
        }
        t.is(wrong, 0, `${sizes} ${name} ${how}`);
        t.is(declined, name === 'too few primes' ? exact.filter((n) => n > 0n).length : 0, `${sizes} ${name} ${how}`);
        if (lanes === 1) t.is(dp.stats.widened, 2);
        if (how === 'in order') t.true(dp.stats.kept > dp.stats.computed / 4, `${sizes}: only ${dp.stats.kept} layers kept`);
      }
    }
  }
});

test('counts past 2^53 by residues equal the BigInt DP\'s, with three primes and as they widen', (t) => {
  // [2, 5, 5, 1]: a node of five parents has gate counts up to 2^28, past the primes (their own residues).
  for (const sizes of [
    [2, 4, 4, 4, 1],
    [2, 5, 5, 1],
  ]) {
    let found = 0;
    for (let seed = 1; seed <= 40 && found < 3; seed++) {
      const { input } = randomCase(seed, sizes, ['XOR'], false);
      const patterns = groundingPatterns(input.grounding);
      const full = fullCode(sizes);
      const big = new GroundingCounter(input.model, patterns, 2 ** 53, { fastPath: false, residuePrimes: [] }).count(full);
      if (big < 2n ** 60n) continue;
      found++;
      const gates = (table: number, parents: Int32Array): number => localGateCount(table, parents, patterns.count);
      t.is(new ResidueDp(input.model, patterns, gates).count(full), big, `${sizes} seed ${seed}`);
      t.is(new ResidueDp(input.model, patterns, gates, RESIDUE_PRIMES, undefined, 2 ** 34).count(full), big, `${sizes} seed ${seed}, reduced within steps`);
      // One small lane first: widened until the product passes the approximation's error.
      const narrow = new ResidueDp(input.model, patterns, gates, RESIDUE_PRIMES, 1);
      t.is(narrow.count(full), big);
      t.true(narrow.stats.widened > 0);
    }
    t.is(found, 3, `no random ${sizes} network had a full circuit with more than 2^60 groundings`);
  }
});
