/**
 * keepMinimal.ts against its plain oracle: a kept circuit stays when no other kept circuit's words
 * lie inside its own, each pair compared.
 */
import test from 'ava';
import fc from 'fast-check';
import { CircuitList } from '../../shared/engine/circuitList.js';
import { keepMinimal } from '../../shared/engine/keepMinimal.js';

/** The oracle: every kept pair compared, word by word. */
function plainMinimal(list: CircuitList, keep: Uint8Array): Uint8Array {
  const { data, stride } = list;
  const inside = (a: number, b: number): boolean => {
    for (let k = 0; k < stride; k++) if (((data[a * stride + k] as number) & ~(data[b * stride + k] as number)) !== 0) return false;
    return true;
  };
  return keep.map((k, i) => (k && !Array.from(keep).some((kj, j) => kj && j !== i && inside(j, i)) ? 1 : 0));
}

/** A list of distinct circuits of [2, 3, 3, 1] (25 meaningful bits), words drawn from `words`. */
function listOf(words: number[][]): CircuitList {
  const list = new CircuitList([2, 3, 3, 1], 1);
  const widths = [3, 3, 1, 2, 2, 2, 3, 3, 3, 3];
  const seen = new Set<string>();
  for (const w of words) {
    const masked = widths.map((bits, k) => ((w[k] ?? 0) & ((1 << bits) - 1)) >>> 0);
    const key = masked.join(',');
    if (seen.has(key)) continue; // two distinct kept circuits never have the same words
    seen.add(key);
    const at = list.length * list.stride;
    list.push(new Uint32Array(3), [new Uint32Array(3), new Uint32Array(3), new Uint32Array(1)], null);
    list.data.set(masked, at);
  }
  return list;
}

/** A circuit's words from the positions (0..24) of its bits. */
function wordsOf(bits: readonly number[]): number[] {
  const widths = [3, 3, 1, 2, 2, 2, 3, 3, 3, 3];
  const starts = widths.map((_, k) => widths.slice(0, k).reduce((a, b) => a + b, 0));
  return widths.map((w, k) => bits.filter((b) => b >= (starts[k] as number) && b < (starts[k] as number) + w).reduce((x, b) => x | (1 << (b - (starts[k] as number))), 0));
}

test('the minimal circuits equal the plain oracle\'s, kept subsets and over a hundred minimal ones included', (t) => {
  // Circuits of a few sizes: those of one size are an antichain, so many are minimal at once.
  const circuit = fc.integer({ min: 2, max: 9 }).chain((n) => fc.uniqueArray(fc.integer({ min: 0, max: 24 }), { minLength: n, maxLength: n }));
  let most = 0;
  fc.assert(
    fc.property(fc.array(circuit, { minLength: 50, maxLength: 400 }), fc.integer({ min: 0, max: 3 }), (bits, dropEvery) => {
      const list = listOf(bits.map(wordsOf));
      const keep = new Uint8Array(list.length).map((_, i) => (dropEvery > 0 && i % (dropEvery + 2) === 0 ? 0 : 1));
      const want = plainMinimal(list, keep);
      keepMinimal(list, keep);
      most = Math.max(most, want.reduce((a, b) => a + b, 0));
      t.deepEqual(Array.from(keep), Array.from(want));
    }),
    { numRuns: 200, seed: 11 },
  );
  // Past 32 and 64 minimal circuits the sets take more words and grow: that path must have run.
  t.true(most > 64, `at most ${most} minimal circuits in any run`);
});

test('a circuit with every bit some minimal one sets, and one equal to none, are judged right', (t) => {
  const list = listOf([
    [1, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    [0, 1, 0, 0, 0, 0, 0, 0, 0, 0],
    [1, 1, 0, 0, 0, 0, 0, 0, 0, 0],
    [2, 2, 0, 0, 0, 0, 0, 0, 0, 0],
    [7, 7, 1, 3, 3, 3, 7, 7, 7, 7],
  ]);
  const keep = new Uint8Array(list.length).fill(1);
  keepMinimal(list, keep);
  t.deepEqual(Array.from(keep), [1, 1, 0, 1, 0]);
});
