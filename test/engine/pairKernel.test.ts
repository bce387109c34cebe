import test from 'ava';
import fc from 'fast-check';
import { PairKernel } from '../../shared/engine/pairKernel.js';
import { PAIR_KERNEL_BASE64 } from '../../shared/engine/pairKernelBytes.js';
import { scaleTerms, TermList } from '../../shared/engine/termList.js';
import { compiledWat } from '../helpers/watBytes.js';

test('the committed bytes are pairKernel.wat compiled (npm run build:wasm)', async (t) => {
  t.is(await compiledWat('pairKernel'), PAIR_KERNEL_BASE64);
});

/** Plain sum of u[i] * g[i]. */
const plain = (u: number[], g: number[]): number => u.reduce((s, x, i) => s + x * (g[i] as number), 0);

test('two, one and dot are the plain dot products, for any length and room', (t) => {
  const ints = (n: number): fc.Arbitrary<number[]> => fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: n, maxLength: n });
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 41 }).chain((len) => fc.tuple(fc.constant(len), fc.array(ints(len), { minLength: 6, maxLength: 6 }))),
      fc.integer({ min: 0, max: 3 }),
      fc.boolean(),
      ([len, rows], gap, big) => {
        const k = new PairKernel();
        // Operands at odd element offsets too, and sometimes past the first memory (a new instance).
        const at = (r: number): number => k.base + gap + r * (len + gap);
        k.reserve(gap + 6 * (len + gap) + (big ? 300_000 : 0));
        const f = k.f64;
        rows.forEach((r, i) => f.set(r, at(i)));
        const [u0, u1, g0, g1, g2, g3] = rows as [number[], number[], number[], number[], number[], number[]];
        k.two(at(0), at(1), at(2), at(3), at(4), at(5), len);
        t.deepEqual([...k.sums], [u0, u1].flatMap((u) => [g0, g1, g2, g3].map((g) => plain(u, g))));
        k.one(at(1), at(2), at(3), at(4), at(5), len);
        t.deepEqual([...k.sums.subarray(0, 4)], [g0, g1, g2, g3].map((g) => plain(u1, g)));
        t.is(k.dot(at(0), at(5), len), plain(u0, g3));
      },
    ),
    { numRuns: 200, seed: 8 },
  );
});

/** Sparse terms against a matrix of rowsOf x blocks * 8 values: the arbitraries both kernels that read matrices take. */
const matrixCase = fc.tuple(
  fc.integer({ min: 1, max: 30 }),
  fc.integer({ min: 1, max: 3 }),
  fc.array(fc.tuple(fc.nat(29), fc.integer({ min: -1000, max: 1000 })), { maxLength: 41 }),
  fc.integer({ min: 0, max: 3 }),
);

/**
 * A kernel with the matrix (element mat, `width` values a row), the terms' indices (int32 element
 * idx) and values (float64 element val) written, and room for `outLength` values from `out`.
 */
function laidOut([rowsOf, blocks, terms, gap]: [number, number, [number, number][], number], outLength: number) {
  const k = new PairKernel();
  const width = blocks * 8;
  const mat = k.base + gap;
  const idxAt = mat + rowsOf * width + gap;
  const val = idxAt + terms.length + 1;
  const out = val + terms.length + gap;
  k.reserve(out + outLength - k.base);
  const f = k.f64;
  for (let e = 0; e < rowsOf * width; e++) f[mat + e] = ((e * 7919) % 201) - 100;
  terms.forEach(([x, v], i) => {
    k.i32[idxAt * 2 + i] = x % rowsOf;
    f[val + i] = v;
  });
  /** The matrix's value at the row of term i, column c. */
  const at = (i: number, c: number): number => f[mat + ((terms[i] as [number, number])[0] % rowsOf) * width + c] as number;
  return { k, f, width, mat, idx: idxAt * 2, val, out, at };
}

test('rows is the plain sum of each matrix column times the sparse terms, for any length and width', (t) => {
  fc.assert(
    fc.property(matrixCase, (c) => {
      const [, blocks, terms] = c;
      const { k, f, width, mat, idx, val, out, at } = laidOut(c, blocks * 8);
      k.rows(idx, val, terms.length, mat, blocks, out);
      const want = Array.from({ length: width }, (_, col) => terms.reduce((s, [, v], i) => s + v * at(i, col), 0));
      t.deepEqual([...f.subarray(out, out + width)], want);
    }),
    { numRuns: 200, seed: 9 },
  );
});

test('gather writes each column at the terms\' rows, scaled or not, for any length and any number of columns', (t) => {
  fc.assert(
    fc.property(matrixCase, fc.boolean(), fc.nat(23), (c, scaled, n) => {
      const [, blocks, terms] = c;
      const cols = Math.min(blocks * 8, n + 1);
      const len = terms.length;
      // A sentinel after the output: nothing past column cols - 1 is written.
      const { k, f, width, mat, idx, val, out, at } = laidOut(c, cols * len + 1);
      f[out + cols * len] = 12345;
      k.gather(idx, val, len, mat, width, cols, out, scaled);
      const want = Array.from({ length: cols }, (_, col) => terms.map(([, v], i) => (scaled ? v : 1) * at(i, col))).flat();
      t.deepEqual([...f.subarray(out, out + cols * len)], want);
      t.is(f[out + cols * len], 12345);
    }),
    { numRuns: 300, seed: 10 },
  );
});

test('two16, one16 and dot16 are the plain dot products of int16 rows padded to eights, at the extremes too', (t) => {
  const int16 = fc.oneof(fc.integer({ min: -(2 ** 15 - 1), max: 2 ** 15 - 1 }), fc.constantFrom(2 ** 15 - 1, -(2 ** 15 - 1), 0));
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 41 }).chain((len) => fc.tuple(fc.constant(len), fc.array(fc.array(int16, { minLength: len, maxLength: len }), { minLength: 6, maxLength: 6 }))),
      fc.integer({ min: 0, max: 3 }),
      ([len, rows], gap) => {
        const k = new PairKernel();
        const step = Math.ceil(len / 8) * 8;
        // int16 element offsets, 16-byte aligned as pairSums.ts lays its rows out, `gap` blocks apart.
        const at = (r: number): number => (k.base + 2 * gap) * 4 + r * (step + 8 * gap);
        k.reserve(2 * gap + 2 * (6 * (step + 8 * gap)));
        const i16 = new Int16Array(k.f64.buffer);
        rows.forEach((r, i) => {
          i16.fill(7, at(i), at(i) + step + 8 * gap);
          i16.set(r, at(i));
          i16.fill(0, at(i) + len, at(i) + step);
        });
        const [u0, u1, g0, g1, g2, g3] = rows as [number[], number[], number[], number[], number[], number[]];
        // Sums at or past 2^31 are where pairSums.ts does not take this form.
        const sums = [u0, u1].flatMap((u) => [g0, g1, g2, g3].map((g) => plain(u, g)));
        if (sums.some((x) => Math.abs(x) >= 2 ** 31)) return;
        k.two16(at(0), at(1), at(2), at(3), at(4), at(5), step);
        t.deepEqual([...k.sums], sums);
        k.one16(at(1), at(2), at(3), at(4), at(5), step);
        t.deepEqual([...k.sums.subarray(0, 4)], [g0, g1, g2, g3].map((g) => plain(u1, g)));
        t.is(k.dot16(at(0), at(5), step), plain(u0, g3));
      },
    ),
    { numRuns: 300, seed: 13 },
  );
});

test('gather16 writes the int16s gather would, each column padded with zeros to its step', (t) => {
  fc.assert(
    fc.property(matrixCase, fc.boolean(), fc.nat(23), fc.nat(2), (c, scaled, n, extra) => {
      const [, blocks, terms] = c;
      const cols = Math.min(blocks * 8, n + 1);
      const len = terms.length;
      const step = Math.ceil(len / 8) * 8 + 8 * extra;
      // Terms of at most 300 times entries of at most 100 stay within an int16.
      const small: typeof c = [c[0], c[1], terms.map(([x, v]) => [x, v % 301]), c[3]];
      const { k, f, width, mat, idx, val, out, at } = laidOut(small, Math.ceil((cols * step) / 4) + 2);
      const out16 = out * 4;
      const i16 = new Int16Array(f.buffer);
      i16.fill(-9, out16, out16 + cols * step + 4);
      k.gather16(idx, val, len, mat, width, cols, out16, scaled, step);
      const want = Array.from({ length: cols }, (_, col) => [
        ...small[2].map(([, v], i) => (scaled ? v : 1) * at(i, col) + 0), // an int16 has no -0
        ...Array<number>(step - len).fill(0),
      ]).flat();
      t.deepEqual([...i16.subarray(out16, out16 + cols * step)], want);
      // Nothing past the last column's step is written.
      t.deepEqual([...i16.subarray(out16 + cols * step, out16 + cols * step + 4)], [-9, -9, -9, -9]);
    }),
    { numRuns: 300, seed: 14 },
  );
});

test('rows16n is rows over an int16 copy of the matrix, for any length and any number of blocks', (t) => {
  const int16 = fc.oneof({ arbitrary: fc.integer({ min: -300, max: 300 }), weight: 30 }, { arbitrary: fc.constantFrom(2 ** 15 - 1, -(2 ** 15 - 1)), weight: 1 });
  let checked = 0;
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 20 }),
      // 1 to 9 blocks: passes of 32, 16 and 8 columns, and each combination of them.
      fc.integer({ min: 1, max: 9 }),
      fc.array(fc.tuple(fc.nat(19), int16), { maxLength: 23 }),
      fc.integer({ min: 0, max: 3 }),
      (rowsOf, blocks, terms, gap) => {
        const k = new PairKernel();
        const width = blocks * 8;
        const mat16 = (k.base + gap) * 4;
        const idx = k.base + gap + Math.ceil((rowsOf * width) / 4) + gap;
        const val = idx + terms.length;
        const out = val + terms.length + gap;
        k.reserve(out + width - k.base);
        const entry = (e: number): number => (e % 13 === 0 ? 2 ** 15 - 1 : ((e * 7919) % 401) - 200);
        for (let e = 0; e < rowsOf * width; e++) k.i16[mat16 + e] = entry(e);
        terms.forEach(([x, v], i) => {
          k.i32[idx * 2 + i] = x % rowsOf;
          k.f64[val + i] = v;
        });
        // Where the sums' bound passes 2^30, classRows.ts does not take this form.
        if (terms.reduce((s, [, v]) => s + Math.abs(v), 0) * (2 ** 15 - 1) >= 2 ** 30) return;
        k.rows16n(idx * 2, val, terms.length, mat16, width, out);
        const want = Array.from({ length: width }, (_, c) => terms.reduce((s, [x, v]) => s + v * entry((x % rowsOf) * width + c), 0));
        t.deepEqual([...k.f64.subarray(out, out + width)], want);
        checked++;
      },
    ),
    { numRuns: 300, seed: 15 },
  );
  t.true(checked > 200, `only ${checked} of 300 cases within the bound`);
});

test('scale gives scaleTerms\' products, count and sum of magnitudes, in place or elsewhere', (t) => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 30 }).chain((dim) =>
        fc.tuple(
          fc.array(fc.oneof(fc.constant(0), fc.integer({ min: -(2 ** 40), max: 2 ** 40 })), { minLength: dim, maxLength: dim }),
          fc.array(fc.tuple(fc.nat(dim - 1), fc.integer({ min: -(2 ** 30), max: 2 ** 30 })), { maxLength: 41 }),
        ),
      ),
      fc.boolean(),
      ([a, terms], inPlace) => {
        const k = new PairKernel();
        const len = terms.length;
        const aAt = k.base;
        const idx = aAt + a.length;
        const val = idx + len;
        const outIdx = inPlace ? idx : val + len;
        const outVal = inPlace ? val : outIdx + len;
        k.reserve(outVal + len - k.base);
        k.f64.set(a, aAt);
        terms.forEach(([x, v], i) => {
          k.i32[idx * 2 + i] = x;
          k.f64[val + i] = v;
        });
        const m = k.scale(idx * 2, val, len, aAt, outIdx * 2, outVal);
        const list = new TermList();
        list.idx = Int32Array.from(terms, ([x]) => x);
        list.val = Float64Array.from(terms, ([, v]) => v);
        list.len = len;
        const want = new TermList();
        scaleTerms(want, list, Float64Array.from(a));
        t.is(m, want.len);
        t.deepEqual([...k.i32.subarray(outIdx * 2, outIdx * 2 + m)], [...want.idx.subarray(0, m)]);
        t.deepEqual([...k.f64.subarray(outVal, outVal + m)], [...want.val.subarray(0, m)]);
        t.is(k.sums[0], want.abs);
        t.is(k.sums[1], Math.max(0, ...want.val.subarray(0, m).map(Math.abs)));
      },
    ),
    { numRuns: 300, seed: 12 },
  );
});

test('reserve with keep copies what the old memory held', (t) => {
  const k = new PairKernel();
  k.f64.set([1, 2, 3], k.base);
  k.reserve(1_000_000, k.base + 3);
  t.deepEqual([...k.f64.subarray(k.base, k.base + 3)], [1, 2, 3]);
});
