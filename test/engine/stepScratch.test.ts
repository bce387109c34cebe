import test from 'ava';
import type { TableNode } from '../../shared/engine/circuitTables.js';
import { LayerGates } from '../../shared/engine/gateVectors.js';
import { StepScratch, type GateCountOf } from '../../shared/engine/stepScratch.js';
import { mulberry32 } from '../helpers/randomNetwork.js';

/** A made-up gate count: zero for about a third of (table, parents' tables), else up to 40. */
const gates: GateCountOf = (table, parents) => {
  let h = table * 2654435761;
  for (const p of parents) h = Math.imul(h ^ p, 2246822519) >>> 0;
  h = (h ^ (h >>> 13)) >>> 0;
  return h % 3 === 0 ? 0 : 1 + (h % 40);
};

function node(rand: () => number, key: number, belowCount: number): TableNode {
  const tables = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => 1 + Math.floor(rand() * 14));
  const parents: number[] = [];
  for (let q = 0; q < belowCount; q++) if (rand() < 0.6) parents.push(q);
  return { tables, parents, key };
}

/** What `gather` says for every state below, in a string. */
function walk(scratch: StepScratch, below: TableNode[], layer: TableNode[], l: number): string {
  const maxT = Math.max(...layer.map((n) => n.tables.length));
  const factors = new Float64Array(layer.length * maxT);
  const offsets = new Float64Array(layer.length * maxT);
  const states = below.reduce((p, n) => p * n.tables.length, 1);
  scratch.start(below, layer, l);
  const out: string[] = [];
  for (let s = 0; s < states; s++) {
    if (s > 0) scratch.advance();
    if (!scratch.gather(layer, gates, factors, offsets, maxT, 1)) {
      out.push('-');
      continue;
    }
    const parts: string[] = [];
    for (let r = 0; r < layer.length; r++) {
      for (let c = 0; c < (scratch.nonZero[r] as number); c++) parts.push(`${factors[r * maxT + c]}@${offsets[r * maxT + c]}`);
      parts.push('|');
    }
    out.push(parts.join(' '));
  }
  return out.join('\n');
}

test('gate counts kept between steps and circuits equal those asked afresh, whatever the budget, as layers below change', (t) => {
  const rand = mulberry32(11);
  const kept = [new StepScratch(6, 3), new StepScratch(6, 3, 40), new StepScratch(6, 3, 200)];
  const fresh = new StepScratch(6, 3, 0);
  let hits = 0;
  for (let round = 0; round < 12; round++) {
    // A new layer below: kept counts of the layer above are forgotten, and keys may mean other nodes now.
    const below = Array.from({ length: 1 + Math.floor(rand() * 4) }, (_, q) => ({ tables: Array.from({ length: 1 + Math.floor(rand() * 3) }, () => Math.floor(rand() * 16)), parents: [], key: q }));
    for (const s of kept) s.forget(2);
    const pool = Array.from({ length: 8 }, (_, k) => node(rand, k, below.length));
    for (let step = 0; step < 10; step++) {
      const layer = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => pool[Math.floor(rand() * pool.length)] as TableNode);
      const expected = walk(fresh, below, layer, 2);
      for (const s of kept) t.is(walk(s, below, layer, 2), expected);
      hits++;
    }
  }
  t.is(hits, 120);
});

test('a step set up again for the same nodes over another layer below, or at another layer, takes their strides and kept counts anew', (t) => {
  const rand = mulberry32(5);
  const belowOf = (sizes: number[]): TableNode[] => sizes.map((n, q) => ({ tables: Array.from({ length: n }, (_, i) => 1 + i + q), parents: [], key: q }));
  const layer = [node(rand, 0, 3), node(rand, 1, 3), node(rand, 2, 3)].map((n) => ({ ...n, parents: [0, 1, 2] }));
  const fresh = (): StepScratch => new StepScratch(6, 4, 0);
  // Nothing kept: the same node objects over one layer below, then over another of other table
  // counts (no `forget` needed, as no counts are kept), walk as a fresh scratch does.
  const bare = fresh();
  for (const below of [belowOf([2, 3, 1]), belowOf([3, 1, 2])]) t.is(walk(bare, below, layer, 2), walk(fresh(), below, layer, 2), `below ${below.map((n) => n.tables.length)}`);
  // Counts kept: the same nodes and layer below at another layer of the DP read that layer's.
  const kept = new StepScratch(6, 4);
  const below = belowOf([3, 1, 2]);
  for (const l of [2, 3]) t.is(walk(kept, below, layer, l), walk(fresh(), below, layer, l), `layer ${l}`);
});

test('a layer of kept nodes: one index per key, stale after clear, refused past the budget until cleared', (t) => {
  const layer = new LayerGates(30);
  const a: TableNode = { tables: [1, 2], parents: [0], key: 7 };
  const b: TableNode = { tables: [3], parents: [0, 1], key: 9 };
  const ea = layer.of(a, 4);
  t.is(layer.of(a, 4), ea);
  const eb = layer.of(b, 6);
  t.not(eb, ea);
  t.is(layer.slotStart[eb], (layer.slotStart[ea] as number) + 8);
  t.is(layer.countStart[eb], (layer.countStart[ea] as number) + 4);
  layer.counts[layer.countStart[ea] as number] = 2;
  t.is(layer.of({ tables: [1, 2, 3, 4], parents: [0, 1], key: 8 }, 5), -1, '20 more slots pass the budget of 30');
  t.true(layer.full);
  layer.clear();
  t.false(layer.full);
  const eb2 = layer.of(b, 6);
  t.is(eb2, 0, 'after clear b starts the arena again');
  t.is(layer.counts[layer.countStart[eb2] as number], -1, 'its counts are asked again');
  t.not(layer.of(a, 4), eb2, 'a stale index of another key is not taken');
  t.is(layer.of({ tables: [1], parents: [], key: 1 }, 31), -1, 'a node larger than the budget is never kept');
});

test('a node over five parents of seven tables each is kept: a second walk over the same layer below asks no gate count again', (t) => {
  // PARITY [3, 5, 5, 1]'s second layer over five first-layer nodes of 7 tables: 16 807 choices x 9 tables.
  const below: TableNode[] = Array.from({ length: 5 }, (_, q) => ({ tables: [1, 2, 3, 4, 5, 6, 7].map((v) => v + 8 * q), parents: [], key: q }));
  const layer: TableNode[] = [{ tables: [1, 2, 3, 4, 5, 6, 7, 8, 9], parents: [0, 1, 2, 3, 4], key: 100 }];
  let asked = 0;
  const counted: GateCountOf = (table, parents) => (asked++, gates(table, parents));
  const scratch = new StepScratch(6, 3);
  const maxT = 9;
  const factors = new Float64Array(maxT);
  const offsets = new Float64Array(maxT);
  const pass = (): string => {
    scratch.start(below, layer, 2);
    let sum = 0;
    for (let s = 0; s < 16807; s++) {
      if (s > 0) scratch.advance();
      if (!scratch.gather(layer, counted, factors, offsets, maxT, 1)) continue;
      for (let c = 0; c < (scratch.nonZero[0] as number); c++) sum += (factors[c] as number) * (1 + (offsets[c] as number));
    }
    return `${sum}`;
  };
  const first = pass();
  t.is(asked, 16807 * 9);
  t.is(pass(), first);
  t.is(asked, 16807 * 9, 'the second walk read every count kept');
});
