import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { parseCase } from '../../shared/case/caseFile.js';
import { fromCircuitRecord, type CircuitCode } from '../../shared/engine/circuitRecord.js';
import { circuitSpace } from '../../shared/engine/circuitSpace.js';
import { GroundingCounter, type GroundingCounterStats } from '../../shared/engine/groundingCount.js';
import { GroundingSummary } from '../../shared/engine/groundingSummary.js';
import { singleOutput } from '../../shared/engine/network.js';
import { groundingPatterns, type GroundingPatterns } from '../../shared/engine/truthTables.js';
import type { NetworkModel } from '../../shared/engine/types.js';
import { oracleCircuits, oracleGroundings } from '../../shared/oracle/oracle.js';
import { goldenCases } from '../helpers/golden.js';
import { everyCircuitCode } from '../helpers/circuitCodes.js';
import { mulberry32, randomCase } from '../helpers/randomNetwork.js';


/** Counts every circuit with the fast counter and the plain DP; returns the fast counter's stats. */
function compareAll(t: { is: (a: unknown, b: unknown, m?: string) => void }, model: NetworkModel, patterns: GroundingPatterns, all: CircuitCode[], exactLimit?: number): GroundingCounterStats {
  const fast = new GroundingCounter(model, patterns, exactLimit);
  const plain = new GroundingCounter(model, patterns, exactLimit, { fastPath: false });
  let wrong = 0;
  let first = '';
  for (const code of all) {
    const a = fast.count(code);
    const b = plain.count(code);
    if (a !== b && wrong++ === 0) first = `${JSON.stringify([Array.from(code.masks), code.rows.map((r) => Array.from(r))])}: fast ${a}, plain ${b}`;
  }
  t.is(wrong, 0, first);
  return fast.stats();
}

const shapes = [
  [2, 3, 3, 1],
  [2, 3, 4, 1],
  [2, 4, 3, 1],
];
const spaces = new Map(shapes.map((s) => [s.join(','), everyCircuitCode(s)]));

test('the fast path equals the plain DP on every circuit of random networks, clean and noisy', (t) => {
  let leaves = 0;
  for (let seed = 1; seed <= 2; seed++) {
    for (const sizes of shapes) {
      for (const noisy of [false, true]) {
        const { input } = randomCase(seed, sizes, ['XOR'], noisy);
        const stats = compareAll(t, input.model, groundingPatterns(input.grounding), spaces.get(sizes.join(',')) as CircuitCode[]);
        leaves += stats.leaves;
      }
    }
  }
  t.true(leaves > 10_000, `only ${leaves} circuits reached the fast dot product`);
});

test('the fast path equals the oracle that lists every grounding', (t) => {
  let compared = 0;
  let twoParents = 0;
  for (let seed = 1; seed <= 8; seed++) {
    const { input } = randomCase(100 + seed, [2, 3, 3, 1], ['XOR'], seed % 2 === 0);
    const patterns = groundingPatterns(input.grounding);
    const xTT = Array.from({ length: input.grounding.n }, (_, i) => Array.from(input.grounding.x.subarray(2 * i, 2 * i + 2)));
    const counter = new GroundingCounter(input.model, patterns);
    const pick = mulberry32(seed);
    for (const c of oracleCircuits(input.model.layerSizes, 0)) {
      // Two on second-layer nodes (an output that drops XOR and XNOR, summed over tables) and three
      // (Möbius inversion over the partitions): both of the fast path's ways.
      const on2 = (c.nodeMasks[2] as number[]).filter(Boolean).length;
      if (on2 < 2 || pick() > (on2 === 2 ? 0.5 : 0.1)) continue;
      const listed = BigInt(oracleGroundings(input.model, xTT, c.nodeMasks, c.edgeMasks));
      const code = fromCircuitRecord({ node_masks: c.nodeMasks, edge_masks: c.edgeMasks });
      const fast = counter.countFast(code);
      t.is(Number.isNaN(fast) ? counter.countPlain(code) : BigInt(fast), listed);
      if (listed > 0n) compared++;
      // Where the output's two parents' tables allow XOR or XNOR, the dropped completions matter.
      if (on2 === 2 && listed > 0n && !Number.isNaN(fast)) twoParents++;
    }
    t.true(counter.stats().fast > 0);
  }
  t.true(compared > 30, `only ${compared} circuits with groundings were compared`);
  t.true(twoParents > 30, `only ${twoParents} two-parent circuits with groundings were counted by the fast path`);
});

test('every golden circuit is recounted to its expected groundings, mostly by the fast path', (t) => {
  let fast = 0;
  for (const c of goldenCases()) {
    const { input } = parseCase(c.json);
    c.json.expected.forEach((expected: { circuits: { node_masks: number[][]; edge_masks: number[][][]; groundings: string | number | null }[] }, o: number) => {
      const counter = new GroundingCounter(singleOutput(input.model, o), groundingPatterns(input.grounding));
      for (const circuit of expected.circuits) {
        if (circuit.groundings === null) continue;
        t.is(counter.count(fromCircuitRecord(circuit)), BigInt(circuit.groundings), `${c.name} output ${o}`);
      }
      fast += counter.stats().fast;
    });
  }
  t.true(fast > 300, `only ${fast} golden circuits went through the fast path`);
});

/** Every fifth circuit of [2, 3, 4, 1]: enough for the wider pattern sets, which the plain DP counts slowly. */
const sample = (spaces.get('2,3,4,1') as CircuitCode[]).filter((_, i) => i % 5 === 0);

/** Grounding inputs that truncate to `count` distinct patterns (values 0, 1 and 2 per input). */
function widePatterns(count: number): GroundingPatterns {
  const all = [
    [0, 0],
    [0, 1],
    [1, 0],
    [1, 1],
    [2, 0],
    [0, 2],
    [2, 2],
  ].slice(0, count);
  const x = Float32Array.from(all.flat().map((v, i) => v + (i % 3) * 0.01));
  return groundingPatterns({ n: all.length, nIn: 2, nOut: 0, x, y: new Float32Array(0) });
}

test('noisy data with 5 and 6 grounding patterns goes through the fast path; 7 falls back, all exact', (t) => {
  for (const count of [5, 6, 7]) {
    let leaves = 0;
    let declined = 0;
    for (let seed = 1; seed <= 2; seed++) {
      const { input } = randomCase(200 + seed, [2, 3, 4, 1], ['XOR'], true);
      const patterns = widePatterns(count);
      t.is(patterns.count, count);
      const stats = compareAll(t, input.model, patterns, sample);
      leaves += stats.leaves;
      declined += stats.declined;
    }
    if (count <= 6) t.true(leaves > 100, `${count} patterns: only ${leaves} fast counts`);
    else {
      t.is(leaves, 0);
      t.true(declined > 0);
    }
  }
});

/** The full circuit of a [2, k, k, 1] network: every node and every edge on. */
function fullCircuit(k: number): CircuitCode {
  const full = 2 ** k - 1;
  return { masks: Uint32Array.from([full, full, 1]), rows: [new Uint32Array(k).fill(3), new Uint32Array(k).fill(full), Uint32Array.from([full])] };
}

test('counts past 2^53 stay exact on the fast path; a lowered exact limit sends them to the BigInt DP', (t) => {
  let found = 0;
  for (let seed = 1; seed <= 40 && found < 3; seed++) {
    const { input } = randomCase(seed, [2, 4, 4, 1], ['XOR'], false);
    const patterns = groundingPatterns(input.grounding);
    const big = new GroundingCounter(input.model, patterns, 1, { fastPath: false }).count(fullCircuit(4)); // BigInt DP
    if (big < 2n ** 53n) continue;
    found++;
    const fast = new GroundingCounter(input.model, patterns);
    t.is(fast.count(fullCircuit(4)), big);
    t.is(fast.stats().fast, 1);
    const lowered = new GroundingCounter(input.model, patterns, 1);
    t.is(lowered.count(fullCircuit(4)), big);
    t.deepEqual([lowered.stats().fast, lowered.stats().bigint], [0, 1]);
  }
  t.is(found, 3, 'too few random [2, 4, 4, 1] networks had a full circuit with more than 2^53 groundings');
});

test('a lowered exact limit: every circuit still exact, split between the fast path and the BigInt DP', (t) => {
  const { input } = randomCase(3, [2, 3, 4, 1], ['XOR'], false);
  const stats = compareAll(t, input.model, groundingPatterns(input.grounding), spaces.get('2,3,4,1') as CircuitCode[], 2 ** 6);
  t.true(stats.fast > 0 && stats.bigint > 0, JSON.stringify(stats));
});

test('one and three hidden layers are counted by the plain DP, equal to the oracle', (t) => {
  for (const [sizes, share] of [
    [[2, 3, 1], 1],
    [[2, 2, 2, 2, 1], 0.2],
  ] as [number[], number][]) {
    let compared = 0;
    for (let seed = 1; seed <= 4; seed++) {
      const { input } = randomCase(300 + seed, sizes, ['XOR'], seed % 2 === 0);
      const xTT = Array.from({ length: input.grounding.n }, (_, i) => Array.from(input.grounding.x.subarray(2 * i, 2 * i + 2)));
      const counter = new GroundingCounter(input.model, groundingPatterns(input.grounding));
      const pick = mulberry32(seed);
      for (const c of oracleCircuits(sizes, 0)) {
        if (pick() > share) continue;
        const listed = BigInt(oracleGroundings(input.model, xTT, c.nodeMasks, c.edgeMasks));
        t.is(counter.count(fromCircuitRecord({ node_masks: c.nodeMasks, edge_masks: c.edgeMasks })), listed);
        if (listed > 0n) compared++;
      }
      t.is(counter.stats().fast, 0);
    }
    t.true(compared > 5, `${sizes}: only ${compared} circuits with groundings were compared`);
  }
});

/** Every unit of the circuit space of `sizes`: node masks and first-pair rows. */
function* units(sizes: number[]): Generator<{ masks: Uint32Array; rows1: Uint32Array }> {
  const space = circuitSpace(sizes, 0);
  const L = sizes.length - 1;
  const n1 = sizes[1] as number;
  for (let c = 0; c < space.combos; c++) {
    const masks = space.nodeMasks.slice(c * L, (c + 1) * L);
    const first = space.firstPairMasks(masks[0] as number);
    for (let f = 0; f * n1 < first.length; f++) yield { masks, rows1: first.slice(f * n1, (f + 1) * n1) };
  }
}

test('bulkGroundings subtree: one or two free rows counted in bulk equal their circuits counted one by one', (t) => {
  const handled = [0, 0, 0];
  const cases: { model: NetworkModel; patterns: GroundingPatterns; sizes: number[] }[] = [];
  for (const seed of [1, 2, 3]) {
    const { input } = randomCase(400 + seed, [2, 3, 4, 1], ['XOR'], seed === 2);
    cases.push({ model: input.model, patterns: groundingPatterns(input.grounding), sizes: [2, 3, 4, 1] });
  }
  // dist/test/engine -> the repository's examples/
  const k4File = resolve(dirname(fileURLToPath(import.meta.url)), '../../../examples/xor-k4-s1.json');
  const k4 = parseCase(JSON.parse(readFileSync(k4File, 'utf8'))).input;
  cases.push({ model: singleOutput(k4.model, 0), patterns: groundingPatterns(k4.grounding), sizes: [2, 4, 4, 1] });
  for (const { model, patterns, sizes } of cases) {
    const fast = new GroundingCounter(model, patterns);
    const plain = new GroundingCounter(model, patterns, undefined, { fastPath: false });
    const pick = mulberry32(sizes[1] as number);
    for (const { masks, rows1 } of units(sizes)) {
      const m1 = masks[0] as number;
      const on2 = [0, 1, 2, 3].filter((j) => ((masks[1] as number) >>> j) & 1);
      if (m1 === 0 || on2.length < 3 || pick() > 0.25) continue;
      const options = Array.from({ length: m1 }, (_, i) => i + 1).filter((o) => (o & m1) === o);
      for (const free of [1, 2]) {
        const row2 = new Uint32Array(sizes[2] as number);
        for (const j of on2.slice(0, on2.length - free)) row2[j] = options[Math.floor(pick() * options.length)] as number;
        const code = { masks, rows: [rows1, row2, Uint32Array.from([masks[1] as number])] };
        const bulk = new GroundingSummary();
        const got = fast.bulkGroundings(bulk).subtree(code, free);
        if (got < 0) continue;
        fast.flushSubtrees();
        handled[free] = (handled[free] as number) + 1;
        const expected = new GroundingSummary();
        const fixed = on2.slice(0, on2.length - free).reduce((c, j) => c | (row2[j] as number), 0);
        const freeNodes = on2.slice(on2.length - free);
        const walk = (i: number, covered: number): void => {
          if (i === freeNodes.length) {
            if (covered === m1) expected.add(plain.count({ masks, rows: [rows1, row2.slice(), Uint32Array.from([masks[1] as number])] }));
            return;
          }
          for (const o of options) {
            row2[freeNodes[i] as number] = o;
            walk(i + 1, covered | o);
          }
        };
        walk(0, fixed);
        t.is(got, Number(expected.kept));
        t.deepEqual(bulk.distribution(), expected.distribution());
      }
    }
  }
  t.log(`subtrees counted in bulk (one, two free rows): ${handled.slice(1)}`);
  t.true((handled[1] as number) > 100 && (handled[2] as number) > 100);
});

test('bulkGroundings lastRow: some covering options of the last row counted together equal their circuits counted one by one', (t) => {
  let handled = 0;
  let declined = 0;
  for (const seed of [1, 2, 3, 4]) {
    const sizes = seed === 4 ? [2, 4, 4, 1] : [2, 3, 4, 1];
    const { input } = randomCase(500 + seed, sizes, ['XOR'], seed === 2);
    const patterns = groundingPatterns(input.grounding);
    const fast = new GroundingCounter(input.model, patterns);
    const plain = new GroundingCounter(input.model, patterns, undefined, { fastPath: false });
    const pick = mulberry32(seed);
    for (const { masks, rows1 } of units(sizes)) {
      const m1 = masks[0] as number;
      const on2 = [0, 1, 2, 3].filter((j) => ((masks[1] as number) >>> j) & 1);
      if (m1 === 0 || on2.length === 2 || pick() > 0.3) continue;
      // The options in the search's order (ascending subsets of m1): bit o of the masks is options[o].
      const options = Array.from({ length: m1 }, (_, i) => i + 1).filter((o) => (o & m1) === o);
      const row2 = new Uint32Array(sizes[2] as number);
      for (const j of on2.slice(0, -1)) row2[j] = options[Math.floor(pick() * options.length)] as number;
      const fixed = on2.slice(0, -1).reduce((c, j) => c | (row2[j] as number), 0);
      // A random subset of the covering options, as the search's last row keeps them.
      let lo = 0;
      let hi = 0;
      const chosen: number[] = [];
      options.forEach((o, i) => {
        if ((fixed | o) !== m1 || pick() < 0.4) return;
        chosen.push(o);
        if (i < 32) lo = (lo | (1 << i)) >>> 0;
        else hi = (hi | (1 << (i - 32))) >>> 0;
      });
      if (chosen.length === 0) continue;
      const code = { masks, rows: [rows1, row2, Uint32Array.from([masks[1] as number])] };
      const bulk = new GroundingSummary();
      const got = fast.bulkGroundings(bulk).lastRow(code, lo, hi);
      if (got < 0) {
        declined++;
        continue;
      }
      fast.flushSubtrees();
      handled++;
      const expected = new GroundingSummary();
      const last = on2[on2.length - 1] as number;
      for (const o of chosen) {
        row2[last] = o;
        expected.add(plain.count({ masks, rows: [rows1, row2.slice(), Uint32Array.from([masks[1] as number])] }));
      }
      t.is(got, chosen.length);
      t.deepEqual(bulk.distribution(), expected.distribution());
    }
  }
  t.log(`last rows counted together: ${handled}, declined: ${declined}`);
  t.true(handled > 100);
});
