import test from 'ava';
import type { TableNode } from '../../shared/engine/circuitTables.js';
import { localGateCount } from '../../shared/engine/localGates.js';
import { hasTable } from '../../shared/engine/consistentTables.js';
import { OutputSupport } from '../../shared/engine/outputSupport.js';
import { mulberry32 } from '../helpers/randomNetwork.js';

/** Whether the output's table w is a function of its parents' bits (the plain definition, pattern pair by pair). */
function consistent(w: number, parents: readonly number[], patterns: number): boolean {
  const bits = (p: number): string => parents.map((t) => (t >>> p) & 1).join('');
  for (let p = 0; p < patterns; p++) for (let q = 0; q < p; q++) if (bits(p) === bits(q) && ((w >>> p) & 1) !== ((w >>> q) & 1)) return false;
  return true;
}

/**
 * A layer H of `listed` nodes and node z, its nodes' tables drawn at random (few patterns' tables
 * often agree, so classes repeat), and an output reading `parents` of them with `outTables`.
 */
function randomGroup(rand: () => number, patterns: number, listed: number, parents: number[], outTables: number) {
  const span = 2 ** patterns;
  const pick = (): number => Math.floor(rand() * span);
  const layer: TableNode[] = Array.from({ length: listed + 1 }, (_, r) => ({ tables: Array.from({ length: 1 + Math.floor(rand() * 3) }, pick), parents: [], key: r }));
  const out: TableNode = { tables: Array.from({ length: outTables }, pick), parents, key: 99 };
  const stride = new Float64Array(listed + 1);
  let rows = 1;
  for (let r = listed - 1; r >= 0; r--) {
    stride[r] = rows;
    rows *= (layer[r] as TableNode).tables.length;
  }
  return { span, layer, out, stride, rows };
}

test('a row allows exactly the tables of node z under which some output table is a function of its parents, a superset of the non-zero gate counts', (t) => {
  const rand = mulberry32(7);
  let allowed = 0;
  let refused = 0;
  for (const patterns of [2, 3, 4, 5, 6, 8]) {
    for (let trial = 0; trial < 40; trial++) {
      const listed = 1 + Math.floor(rand() * 3);
      const all = Array.from({ length: listed + 1 }, (_, r) => r);
      // Mostly every node a parent; sometimes node z left out (W reads no tau), or a listed node.
      const parents = trial % 5 === 0 ? all.slice(0, listed) : trial % 7 === 0 ? all.slice(1) : all;
      const { span, layer, out, stride, rows } = randomGroup(rand, patterns, listed, parents, 1 + (trial % 3));
      const support = new OutputSupport(patterns);
      support.start(rows, 0);
      t.true(support.on);
      for (let row = 0; row < rows; row++) {
        const tables = (tau: number): number[] =>
          parents.map((r) => (r === listed ? tau : ((layer[r] as TableNode).tables[Math.floor(row / (stride[r] as number)) % (layer[r] as TableNode).tables.length] as number)));
        for (let tau = 0; tau < span; tau++) {
          const expected = out.tables.some((w) => consistent(w, tables(tau), patterns));
          const got = support.allowsRow(row, tau, layer, out, stride);
          t.is(got, expected, `${patterns} patterns, parents ${parents}, row ${row}, tau ${tau}`);
          const w = out.tables.reduce((a, o) => a + localGateCount(o, tables(tau), patterns), 0);
          if (w > 0) t.true(got, 'a non-zero W refused');
          if (got) allowed++;
          else refused++;
        }
      }
    }
  }
  t.true(allowed > 1000 && refused > 1000, `allowed ${allowed}, refused ${refused}`);
});

/** Whether the i-th state's mask (its listed rows rows[start .. start + n)) has table tau. */
function allows(support: OutputSupport, i: number, tau: number, rows: Int32Array, start: number, n: number, layer: readonly TableNode[], out: TableNode, stride: Float64Array): boolean {
  return hasTable(support.masks, support.stateMask(i, rows, start, n, layer, out, stride), tau);
}

test('a state allows the union of its rows; masks are remade for a new group and for new lists', (t) => {
  const patterns = 8; // three inputs: tables of eight bits
  const layer: TableNode[] = [
    { tables: [0b00001111, 0b00110011], parents: [], key: 0 },
    { tables: [0b01010101, 0b01100110, 0b00000000], parents: [], key: 1 },
  ];
  const out: TableNode = { tables: [0b01101001], parents: [0, 1], key: 2 };
  const stride = Float64Array.of(1, 0);
  const support = new OutputSupport(patterns);
  support.start(2, 2);
  // Row 0 (node 0's 0b00001111) splits the patterns in halves, and parity splits both: tau xor
  // parity must be constant on each half.
  const rows = Int32Array.of(0, 1);
  for (const tau of [0b01101001, 0b01100110, 0b10011001, 0b10010110]) t.true(allows(support, 0, tau, rows, 0, 1, layer, out, stride));
  t.false(allows(support, 0, 0b01011010, rows, 0, 1, layer, out, stride));
  t.false(allows(support, 0, 0b01010101, rows, 0, 1, layer, out, stride));
  // State 1 lists both rows: node 0's other table (0b00110011) allows parity xor 0b00110011 too.
  t.true(allows(support, 1, 0b01011010, rows, 0, 2, layer, out, stride));
  t.true(allows(support, 1, 0b01100110, rows, 0, 2, layer, out, stride));
  t.false(allows(support, 1, 0b01010101, rows, 0, 2, layer, out, stride));
  // State 0's mask is kept until the lists go stale.
  t.false(allows(support, 0, 0b01011010, rows, 0, 2, layer, out, stride), 'kept from its first list');
  support.stale();
  t.true(allows(support, 0, 0b01011010, rows, 0, 2, layer, out, stride), 'remade after stale');
  // A new group reads the rows' tables again.
  const other: TableNode[] = [{ tables: [0b01101001, 0b00110011], parents: [], key: 0 }, layer[1] as TableNode];
  support.start(2, 2);
  t.true(allows(support, 0, 0b00000000, rows, 0, 1, other, out, stride), 'node 0 computes the output itself: any tau');
});

test('past eight patterns no support is kept, and every cell is summed', (t) => {
  const support = new OutputSupport(9);
  support.start(4, 4);
  t.false(support.on);
});

test('by node z - 1\'s tables (the middle way, and the listed way from its prefix) a state allows the union over its list and those tables of the rows they make, kept per super group', (t) => {
  const rand = mulberry32(11);
  let checked = 0;
  for (const patterns of [2, 3, 5, 8]) {
    for (let trial = 0; trial < 12; trial++) {
      const z = 2 + (trial % 2); // nodes 0..z-2 listed, node z - 1 by its tables, node z
      const all = Array.from({ length: z + 1 }, (_, r) => r);
      const parents = trial % 4 === 3 ? all.filter((r) => r !== z - 1) : all;
      const support = new OutputSupport(patterns);
      // The listed way: W's rows take node z - 1 too, a pair is the row prefix * its tables + its index.
      const listedSupport = new OutputSupport(patterns);
      // The plain side: W over nodes 0..z-1, every row's mask (checked above against the definition).
      // The list a super group keeps at the state: some of W's prefix rows.
      let listed = Int32Array.of();
      const check = (label: string, superGroup: boolean, aPick: number[]): void => {
        const { span, layer, out, stride, rows } = group;
        const plain = new OutputSupport(patterns);
        plain.start(rows, 0);
        const prefix = new Float64Array(z);
        for (let r = 0; r < z - 1; r++) prefix[r] = (stride[r] as number) / (layer[z - 1] as TableNode).tables.length;
        const aNode = layer[z - 1] as TableNode;
        const prefixRows = rows / aNode.tables.length;
        if (superGroup) listed = Int32Array.from({ length: prefixRows }, (_, p) => p).filter(() => rand() < 0.7);
        const aTables = Int32Array.from(aPick.map((k) => aNode.tables[k] as number));
        if (superGroup) support.staleLists();
        support.startMiddle(2);
        const at = support.maskByTables(1, 0, listed, 0, listed.length, 0, aTables, Int32Array.from(aPick), aTables.length, layer, out, prefix);
        if (superGroup) listedSupport.staleLists();
        listedSupport.start(rows, 2, true);
        const listedAt = listedSupport.maskByTables(1, 1, listed, 0, listed.length, aNode.tables.length, aTables, Int32Array.from(aPick), aTables.length, layer, out, stride);
        for (let tau = 0; tau < span; tau++) {
          let expected = false;
          for (const p of listed) for (const k of aPick) expected ||= plain.allowsRow(p * aNode.tables.length + k, tau, layer, out, stride);
          t.is(hasTable(support.masks, at, tau), expected, `${label}: ${patterns} patterns, z ${z}, parents ${parents}, tau ${tau}`);
          t.is(hasTable(listedSupport.masks, listedAt, tau), expected, `listed, ${label}: ${patterns} patterns, z ${z}, parents ${parents}, tau ${tau}`);
          checked++;
        }
      };
      let group = randomGroup(rand, patterns, z, parents, 1 + (trial % 2));
      const tablesOf = (): number[] => (group.layer[z - 1] as TableNode).tables.map((_, k) => k);
      check('first group', true, tablesOf());
      // Node z - 1's row moved (its tables at the state, as many): the list's masks by table are kept.
      const moved = group.layer[z - 1] as TableNode;
      group.layer[z - 1] = { ...moved, tables: moved.tables.map(() => Math.floor(rand() * group.span)) };
      check('same super group', false, tablesOf().slice(0, 1 + (trial % 2)));
      // A new super group: the listed nodes' tables moved too.
      group = randomGroup(rand, patterns, z, parents, 1 + (trial % 2));
      check('new super group', true, tablesOf());
    }
  }
  t.true(checked > 1000, `${checked}`);
});
