import test from 'ava';
import type { TableNode } from '../../shared/engine/circuitTables.js';
import { SharedLists } from '../../shared/engine/sharedLists.js';
import { mulberry32 } from '../helpers/randomNetwork.js';

const node = (parents: number[]): TableNode => ({ tables: [1], parents, key: 0 });

/**
 * Against the plain rule: the i-th state shares the list of the first state asked whose digits agree
 * on every listed node's parent, and only where some node below is no listed node's parent.
 */
test('live states share the list of the first state asked that agrees on the listed nodes\' parents', (t) => {
  const rand = mulberry32(17);
  const lists = new SharedLists();
  let shared = 0;
  for (let round = 0; round < 200; round++) {
    const nb = 1 + Math.floor(rand() * 4);
    const sizes = Int32Array.from({ length: nb }, () => 1 + Math.floor(rand() * 4));
    const states = sizes.reduce((a, b) => a * b, 1);
    const live = Math.max(1, Math.floor(rand() * states));
    const digits = new Int32Array(live * nb);
    for (let i = 0; i < live; i++) for (let q = 0; q < nb; q++) digits[i * nb + q] = Math.floor(rand() * (sizes[q] as number));
    const layer = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => node([...Array(nb).keys()].filter(() => rand() < 0.4)));
    const listed = Math.floor(rand() * (layer.length + 1));
    const parents = new Set(layer.slice(0, listed).flatMap((n) => n.parents));
    lists.hold(states);
    lists.group(layer, listed);
    // Asked twice, in a shuffled order: the answer is the first state asked, and the same the second time.
    const order = [...Array(live).keys()].sort(() => rand() - 0.5);
    const first = new Map<string, number>();
    const expected = new Int32Array(live);
    for (const i of order) {
      const key = [...parents].sort().map((q) => digits[i * nb + q]).join(',');
      if (!first.has(key)) first.set(key, i);
      expected[i] = first.get(key) as number;
    }
    for (const pass of [0, 1]) {
      for (const i of order) {
        const c = lists.canonical(i, digits, nb, sizes);
        t.is(c, parents.size === nb ? i : (expected[i] as number), `round ${round} pass ${pass} state ${i}`);
        if (c !== i) shared++;
      }
    }
    t.is(lists.shares, parents.size < nb, `round ${round}: shares`);
    // New live states: the same group's answers start again.
    lists.reset();
    const i = order.at(-1) as number;
    t.is(lists.canonical(i, digits, nb, sizes), i, `round ${round}: after a reset the first state asked is its own`);
  }
  t.true(shared > 100, `only ${shared} states shared a list`);
});
