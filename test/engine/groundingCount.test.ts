import test from 'ava';
import { fromCircuitRecord } from '../../shared/engine/circuitRecord.js';
import { GroundingCounter, localGateCount } from '../../shared/engine/groundingCount.js';
import { groundingPatterns, nodeTables } from '../../shared/engine/truthTables.js';
import { oracleCircuits, oracleGroundings } from '../../shared/oracle/oracle.js';
import type { AnalysisInput } from '../../shared/engine/types.js';
import { mulberry32, randomCase } from '../helpers/randomNetwork.js';

const f32 = Math.fround;
/** The next float32 above v. */
function nextUp(v: number): number {
  const buf = new Float32Array([v]);
  new Uint32Array(buf.buffer)[0]! += 1;
  return buf[0] as number;
}

test('one table per gap between distinct values', (t) => {
  t.deepEqual(nodeTables([0, 1, 1, 2]), [0b1110, 0b1000]);
  t.deepEqual(nodeTables([3, 3, 3, 3]), []);
  t.deepEqual(nodeTables([-0, 0, 1, 1]), [0b1100]); // -0 and 0 are one value
});

test('float32 midpoints: a threshold that rounds up to the largest value is skipped', (t) => {
  const a = nextUp(1);
  const b = nextUp(a);
  // (a + b) / 2 in float32 rounds to b, so "value > t" is constant; in float64 it would not be.
  t.is(f32(f32(a + b) / 2), b);
  t.deepEqual(nodeTables([a, b, a, b]), []);
  // One ulp above 1: the float32 midpoint rounds down to 1 and the table is still the proper one.
  t.deepEqual(nodeTables([1, a, 1, a]), [0b1010]);
});

test('every gap counts, even when two gaps give the same table', (t) => {
  // In [1, 2) float32 values are u = 2^-23 apart. a = 1+u, b = 1+2u, c = 1+3u: both float32
  // midpoints tie and round to even, landing on b, so both gaps give the table "value > b".
  const u = 2 ** -23;
  const [a, b, c] = [1 + u, 1 + 2 * u, 1 + 3 * u];
  t.is(f32(f32(a + b) / 2), b);
  t.is(f32(f32(b + c) / 2), b);
  t.deepEqual(nodeTables([a, b, c, c]), [0b1100, 0b1100]);
});

test('grounding inputs are read by truncation toward zero, the last sample of a pattern wins', (t) => {
  const x = Float32Array.from([0.95, 1.02, 0, 1, 1.2, -0.3, 0.4, 0.999]);
  const p = groundingPatterns({ n: 4, nIn: 2, nOut: 0, x, y: new Float32Array(0) });
  // 0.95 -> 0, 1.02 -> 1, 1.2 -> 1, -0.3 -> 0, 0.4 -> 0, 0.999 -> 0: patterns 01, 10, 00.
  t.is(p.count, 3);
  t.deepEqual(Array.from(p.x), [f32(0.4), f32(0.999), 0, 1, f32(1.2), f32(-0.3)]);
});

test('local gate counts: free tuples double the count, two parents drop XOR and XNOR', (t) => {
  // One parent equal to the node: both tuples occur, one gate.
  t.is(localGateCount(0b1100, [0b1100], 4), 1);
  // Two patterns with the same parent bits but different node bits: no gate.
  t.is(localGateCount(0b0001, [0b0000 | 0b1100], 4), 0);
  // Two parents, all four tuples, node = AND of them: one gate.
  t.is(localGateCount(0b1000, [0b1100, 0b1010], 4), 1);
  // Two parents, all four tuples, node = XOR of them: the only completion is dropped.
  t.is(localGateCount(0b0110, [0b1100, 0b1010], 4), 0);
  // Two equal parents: only tuples 00 and 11 occur, both fixed to 0; 2 free tuples give 4
  // completions, one of which is XOR (0 on 00 and 11): 3 remain.
  t.is(localGateCount(0b0000, [0b1100, 0b1100], 4), 4 - 1);
  // Three parents, all tuples distinct over 4 patterns: 8 - 4 = 4 free tuples: 16 gates.
  t.is(localGateCount(0b0101, [0b1100, 0b1010, 0b1001], 4), 16);
});

/** The full circuit of a [2, k, k, 1] network: every node and every edge on. */
function fullCircuit(k: number) {
  const full = 2 ** k - 1;
  return { masks: Uint32Array.from([full, full, 1]), rows: [new Uint32Array(k).fill(3), new Uint32Array(k).fill(full), Uint32Array.from([full])] };
}

/**
 * A seeded share of the network's circuits (the oracle's enumeration), each coded for a counter
 * and with the oracle's listed groundings on the grounding set.
 */
function* sampledGroundings(input: AnalysisInput, seed: number, share: number): Generator<{ code: ReturnType<typeof fromCircuitRecord>; listed: bigint }> {
  const nIn = input.model.layerSizes[0] as number;
  const xTT = Array.from({ length: input.grounding.n }, (_, i) => Array.from(input.grounding.x.subarray(nIn * i, nIn * (i + 1))));
  const pick = mulberry32(seed);
  for (const c of oracleCircuits(input.model.layerSizes, 0)) {
    if (pick() > share) continue; // a sample of the space keeps the oracle fast
    yield { code: fromCircuitRecord({ node_masks: c.nodeMasks, edge_masks: c.edgeMasks }), listed: BigInt(oracleGroundings(input.model, xTT, c.nodeMasks, c.edgeMasks)) };
  }
}

test('the paths past float64, forced from the start, equal the listed groundings of the oracle: residues, and BigInt', (t) => {
  let nonZero = 0;
  for (let seed = 1; seed <= 12; seed++) {
    const { input } = randomCase(seed, [2, 3, 3, 1], ['XOR'], seed % 2 === 0);
    const patterns = groundingPatterns(input.grounding);
    const float = new GroundingCounter(input.model, patterns);
    const residues = new GroundingCounter(input.model, patterns, 1); // every count reaches 1: all past float64
    const big = new GroundingCounter(input.model, patterns, 1, { residuePrimes: [] }); // no primes: every non-zero count in BigInt
    for (const { code, listed } of sampledGroundings(input, seed, 0.02)) {
      t.is(residues.count(code), listed);
      t.is(big.count(code), listed);
      t.is(float.count(code), listed);
      if (listed > 0n) nonZero++;
    }
  }
  t.true(nonZero > 20, `only ${nonZero} circuits with groundings were compared`);
});

test('past float64 a counter counts by residues, and in BigInt past what its primes hold', (t) => {
  const sizes = [2, 3, 3, 1];
  const { input } = randomCase(2, sizes, ['XOR'], false);
  const patterns = groundingPatterns(input.grounding);
  const exact = new GroundingCounter(input.model, patterns, 2 ** 53, { fastPath: false });
  const residues = new GroundingCounter(input.model, patterns, 1, { fastPath: false });
  // Primes whose product (6) holds no count's uncertainty (at least 9): every count reaches the BigInt DP.
  const big = new GroundingCounter(input.model, patterns, 1, { fastPath: false, residuePrimes: [3, 2] });
  let wrong = 0;
  let nonZero = 0;
  for (const c of oracleCircuits(sizes, 0)) {
    const code = fromCircuitRecord({ node_masks: c.nodeMasks, edge_masks: c.edgeMasks });
    const n = exact.count(code);
    if (n > 0n) nonZero++;
    if (residues.count(code) !== n || big.count(code) !== n) wrong++;
  }
  t.is(wrong, 0);
  const [r, b] = [residues.stats(), big.stats()];
  t.true(nonZero > 100 && r.residue === r.bigint, JSON.stringify(r));
  // Zero counts need no primes; every other one went to the BigInt DP.
  t.is(b.bigint - b.residue, nonZero, JSON.stringify(b));
  t.is(exact.stats().bigint, 0);
});

test('a count past 2^53 falls back to BigInt by itself and matches the float DP to 1e-12', (t) => {
  let found = 0;
  for (let seed = 1; seed <= 40 && found < 2; seed++) {
    const { input } = randomCase(seed, [2, 4, 4, 1], ['XOR'], false);
    const patterns = groundingPatterns(input.grounding);
    const exact = new GroundingCounter(input.model, patterns).count(fullCircuit(4));
    if (exact < 2n ** 53n) continue;
    found++;
    t.is(new GroundingCounter(input.model, patterns, 1).count(fullCircuit(4)), exact);
    const approx = new GroundingCounter(input.model, patterns, Infinity, { fastPath: false }).count(fullCircuit(4)); // float64 all the way
    t.true(Math.abs(Number(approx - exact)) / Number(exact) < 1e-12, `${approx} vs ${exact}`);
  }
  t.is(found, 2, 'no random [2, 4, 4, 1] network had a full circuit with more than 2^53 groundings');
});

test('a 3-input network: the counter equals the oracle\'s listed groundings', (t) => {
  let nonZero = 0;
  for (let seed = 1; seed <= 4; seed++) {
    const { input } = randomCase(seed, [3, 2, 3, 1], [seed % 2 === 0 ? 'PARITY' : 'MAJORITY'], false);
    const counter = new GroundingCounter(input.model, groundingPatterns(input.grounding));
    for (const { code, listed } of sampledGroundings(input, seed, 0.05)) {
      t.is(counter.count(code), listed);
      if (listed > 0n) nonZero++;
    }
  }
  t.true(nonZero > 10, `only ${nonZero} circuits with groundings were compared`);
});
