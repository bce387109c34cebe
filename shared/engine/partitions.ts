/**
 * The lattice of set partitions of the grounding patterns, as the fast grounding count needs it.
 *
 * A node with truth table t splits the patterns in two (t and its complement); a tuple of tables
 * splits them into the blocks of equal bit tuples, the meet of those splits. The output's local
 * gate count depends only on that meet (for any parent count but two), and "every table of the
 * tuple is a union of blocks of sigma" is a product over nodes, so counts are summed over sigma
 * with the Möbius function of this lattice instead of over tuples (groundingFast.ts).
 */

export interface PartitionLattice {
  readonly patterns: number;
  /** Number of partitions; index 0 is the finest (every pattern alone). */
  readonly size: number;
  /** blocks[s]: the blocks of partition s as pattern bitmasks. */
  readonly blocks: readonly Uint32Array[];
  /** Whether table t (a bitmask over the patterns) is a union of blocks of partition s. */
  compatible(t: number, s: number): boolean;
  /** mu[p * size + s]: the Möbius function mu(p, s) where p refines s, else 0. */
  readonly mu: Float64Array;
}

/** Largest pattern count the lattice is built for (Bell(6) = 203 partitions). */
export const MAX_LATTICE_PATTERNS = 6;

const lattices = new Map<number, PartitionLattice>();

export function partitionLattice(patterns: number): PartitionLattice {
  if (!(Number.isInteger(patterns) && patterns >= 1 && patterns <= MAX_LATTICE_PATTERNS)) {
    throw new RangeError(`partition lattice: patterns must be an integer in [1, ${MAX_LATTICE_PATTERNS}], got ${patterns}`);
  }
  let lattice = lattices.get(patterns);
  if (!lattice) lattices.set(patterns, (lattice = build(patterns)));
  return lattice;
}

function build(P: number): PartitionLattice {
  const all: number[][] = [];
  // Restricted growth strings: pattern p joins an earlier block or opens the next one.
  const label: number[] = [];
  const grow = (p: number, used: number): void => {
    if (p === P) {
      all.push(blocksOf(label, used));
      return;
    }
    for (let b = 0; b <= used && b < P; b++) {
      label[p] = b;
      grow(p + 1, Math.max(used, b + 1));
    }
  };
  grow(0, 0);
  all.sort((a, b) => b.length - a.length); // finest first
  const blocks = all.map((bs) => Uint32Array.from(bs));
  const size = blocks.length;
  const mu = new Float64Array(size * size);
  for (let p = 0; p < size; p++) {
    for (let s = 0; s < size; s++) mu[p * size + s] = moebius(blocks[p] as Uint32Array, blocks[s] as Uint32Array);
  }
  const compatible = (t: number, s: number): boolean => {
    const bs = blocks[s] as Uint32Array;
    for (let i = 0; i < bs.length; i++) {
      const part = t & (bs[i] as number);
      if (part !== 0 && part !== bs[i]) return false;
    }
    return true;
  };
  return { patterns: P, size, blocks, compatible, mu };
}

function blocksOf(label: readonly number[], used: number): number[] {
  const out = new Array<number>(used).fill(0);
  label.forEach((b, p) => (out[b] = (out[b] as number) | (1 << p)));
  return out;
}

/**
 * mu(p, s) of the partition lattice: 0 unless p refines s, else the product over blocks of s of
 * (-1)^(k-1) (k-1)!, k the number of blocks of p inside it.
 */
function moebius(p: Uint32Array, s: Uint32Array): number {
  let mu = 1;
  for (let i = 0; i < s.length; i++) {
    const block = s[i] as number;
    let k = 0;
    for (let j = 0; j < p.length; j++) {
      const b = p[j] as number;
      if ((b & block) === b) k++;
      else if ((b & block) !== 0) return 0; // a block of p straddles s: p does not refine s
    }
    for (let f = 2; f < k; f++) mu *= f;
    if ((k - 1) % 2 === 1) mu = -mu;
  }
  return mu;
}

/** The output's factor over the lattice, divided by 2^shift so that its entries are small integers. */
export interface OutputMoebius {
  readonly g: Float64Array;
  readonly shift: number;
}

/**
 * Ĝ for an output with tables `tables` and `parents` parents: G(pi) = 2^(2^parents - |pi|) per
 * table that is a union of blocks of pi (the local gate count when pi is the partition of the
 * parents' tuples; 0 where pi has more blocks than the parents have tuples), then
 * Ĝ(sigma) = sum over pi refining sigma of mu(pi, sigma) G(pi), so that G(pi) is the sum of Ĝ
 * over the partitions pi refines. Not valid for two parents (XOR and XNOR are dropped there).
 */
export function outputMoebius(lattice: PartitionLattice, tables: readonly number[], parents: number): OutputMoebius {
  const { size, blocks, mu } = lattice;
  const tuples = 2 ** parents;
  const count = new Float64Array(size);
  let most = -1; // most blocks of a partition with a non-zero G: its G has the least power of two
  for (let s = 0; s < size; s++) {
    const nb = (blocks[s] as Uint32Array).length;
    if (nb > tuples) continue;
    for (const t of tables) if (lattice.compatible(t, s)) count[s] = (count[s] as number) + 1;
    if (count[s] !== 0) most = Math.max(most, nb);
  }
  const g = new Float64Array(size);
  if (most < 0) return { g, shift: 0 };
  for (let s = 0; s < size; s++) {
    let v = 0;
    for (let p = 0; p < size; p++) {
      const c = count[p] as number;
      if (c !== 0) v += (mu[p * size + s] as number) * c * 2 ** (most - (blocks[p] as Uint32Array).length);
    }
    g[s] = v;
  }
  return { g, shift: tuples - most };
}
