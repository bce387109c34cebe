import test from 'ava';
import { localGateCount } from '../../shared/engine/groundingCount.js';
import { outputMoebius, partitionLattice, type PartitionLattice } from '../../shared/engine/partitions.js';

/** Whether partition p refines partition s (every block of p inside a block of s). */
function refines(lattice: PartitionLattice, p: number, s: number): boolean {
  return (lattice.blocks[p] as Uint32Array).every((b) => (lattice.blocks[s] as Uint32Array).some((c) => (b & c) === b));
}

/** The partition of the patterns by the tuple of bits of `tables`. */
function partitionOf(lattice: PartitionLattice, tables: number[]): number {
  const groups = new Map<string, number>();
  for (let p = 0; p < lattice.patterns; p++) {
    const key = tables.map((t) => (t >>> p) & 1).join('');
    groups.set(key, (groups.get(key) ?? 0) | (1 << p));
  }
  const blocks = [...groups.values()].sort((a, b) => a - b).join(',');
  return lattice.blocks.findIndex((bs) => [...bs].sort((a, b) => a - b).join(',') === blocks);
}

test('the lattice has Bell(P) partitions, finest first, and every block set covers the patterns once', (t) => {
  t.deepEqual([1, 2, 3, 4, 5, 6].map((P) => partitionLattice(P).size), [1, 2, 5, 15, 52, 203]);
  for (const P of [3, 4, 5]) {
    const lattice = partitionLattice(P);
    t.is((lattice.blocks[0] as Uint32Array).length, P);
    for (const bs of lattice.blocks) t.is(bs.reduce((a, b) => a | b, 0), 2 ** P - 1);
  }
  t.throws(() => partitionLattice(7), { instanceOf: RangeError, message: 'partition lattice: patterns must be an integer in [1, 6], got 7' });
});

test('mu is the Möbius function: the sum of mu(p, r) over p <= r <= s is 1 when p = s, else 0', (t) => {
  for (const P of [3, 4, 5]) {
    const lattice = partitionLattice(P);
    const { size, mu } = lattice;
    for (let p = 0; p < size; p++) {
      for (let s = 0; s < size; s++) {
        if (!refines(lattice, p, s)) {
          t.is(mu[p * size + s], 0);
          continue;
        }
        let sum = 0;
        for (let r = 0; r < size; r++) if (refines(lattice, p, r) && refines(lattice, r, s)) sum += mu[p * size + r] as number;
        if (sum !== (p === s ? 1 : 0)) t.fail(`P=${P}: sum of mu over [${p}, ${s}] is ${sum}`);
      }
    }
  }
  t.pass();
});

test("Ĝ summed over the partitions the parents' partition refines is the output's local gate count", (t) => {
  const lattice = partitionLattice(4);
  for (const parents of [1, 3, 4]) {
    for (const outTables of [[0b0110], [0b1000, 0b1110], [0b0001, 0b0011, 0b0111]]) {
      const { g, shift } = outputMoebius(lattice, outTables, parents);
      // Every tuple of non-constant parent tables over 4 patterns, for 1 and 3 parents; a sample for 4.
      const tuples: number[][] = parents === 1 ? [...Array(14).keys()].map((i) => [i + 1]) : [];
      for (let i = 0; parents > 1 && i < 400; i++) tuples.push(Array.from({ length: parents }, (_, k) => 1 + ((i * 7 + k * 5 + ((i * k) % 11)) % 14)));
      for (const tuple of tuples) {
        const pi = partitionOf(lattice, tuple);
        let sum = 0;
        for (let s = 0; s < lattice.size; s++) if (refines(lattice, s, pi)) sum += g[s] as number;
        const expected = outTables.reduce((a, to) => a + localGateCount(to, tuple, 4), 0);
        t.is(sum * 2 ** shift, expected, `parents ${tuple}, output ${outTables}`);
      }
    }
  }
});
