import test from 'ava';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import wabtInit from 'wabt';
import { PairKernel } from '../../shared/engine/pairKernel.js';
import { PAIR_KERNEL_BASE64 } from '../../shared/engine/pairKernelBytes.js';
import { repoRoot } from '../helpers/cli.js';

test('the committed bytes are pairKernel.wat compiled (npm run build:wasm)', async (t) => {
  const wabt = await wabtInit();
  const module = wabt.parseWat('pairKernel.wat', readFileSync(`${repoRoot}/shared/engine/pairKernel.wat`, 'utf8'), { simd: true });
  const { buffer } = module.toBinary({});
  t.is(Buffer.from(buffer).toString('base64'), PAIR_KERNEL_BASE64);
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

test('rows is the plain sum of each matrix column times the sparse terms, for any length and width', (t) => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 30 }),
      fc.integer({ min: 1, max: 3 }),
      fc.array(fc.tuple(fc.nat(29), fc.integer({ min: -1000, max: 1000 })), { maxLength: 41 }),
      fc.integer({ min: 0, max: 3 }),
      (rowsOf, blocks, terms, gap) => {
        const k = new PairKernel();
        const width = blocks * 8;
        const mat = k.base + gap;
        const idxAt = mat + rowsOf * width + gap;
        const valAt = idxAt + terms.length + 1;
        const out = valAt + terms.length + gap;
        k.reserve(out + width - k.base);
        const f = k.f64;
        for (let e = 0; e < rowsOf * width; e++) f[mat + e] = ((e * 7919) % 201) - 100;
        terms.forEach(([x, v], i) => {
          k.i32[idxAt * 2 + i] = x % rowsOf;
          f[valAt + i] = v;
        });
        k.rows(idxAt * 2, valAt, terms.length, mat, blocks, out);
        const want = Array.from({ length: width }, (_, c) => terms.reduce((s, [x, v]) => s + v * (f[mat + (x % rowsOf) * width + c] as number), 0));
        t.deepEqual([...f.subarray(out, out + width)], want);
      },
    ),
    { numRuns: 200, seed: 9 },
  );
});

test('gather writes each column at the terms\' rows, scaled or not, for any length and any number of columns', (t) => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 30 }),
      fc.integer({ min: 1, max: 3 }),
      fc.array(fc.tuple(fc.nat(29), fc.integer({ min: -1000, max: 1000 })), { maxLength: 41 }),
      fc.integer({ min: 0, max: 3 }),
      fc.boolean(),
      fc.nat(23),
      (rowsOf, blocks, terms, gap, scaled, c) => {
        const k = new PairKernel();
        const width = blocks * 8;
        const cols = Math.min(width, c + 1);
        const len = terms.length;
        const mat = k.base + gap;
        const idxAt = mat + rowsOf * width + gap;
        const valAt = idxAt + len + 1;
        const out = valAt + len + gap;
        // A sentinel after the output: nothing past column cols - 1 is written.
        k.reserve(out + cols * len + 1 - k.base);
        const f = k.f64;
        for (let e = 0; e < rowsOf * width; e++) f[mat + e] = ((e * 7919) % 201) - 100;
        terms.forEach(([x, v], i) => {
          k.i32[idxAt * 2 + i] = x % rowsOf;
          f[valAt + i] = v;
        });
        f[out + cols * len] = 12345;
        k.gather(idxAt * 2, valAt, len, mat, width, cols, out, scaled);
        const want = Array.from({ length: cols }, (_, col) => terms.map(([x, v]) => (scaled ? v : 1) * (f[mat + (x % rowsOf) * width + col] as number))).flat();
        t.deepEqual([...f.subarray(out, out + cols * len)], want);
        t.is(f[out + cols * len], 12345);
      },
    ),
    { numRuns: 300, seed: 10 },
  );
});

test('reserve with keep copies what the old memory held', (t) => {
  const k = new PairKernel();
  k.f64.set([1, 2, 3], k.base);
  k.reserve(1_000_000, k.base + 3);
  t.deepEqual([...k.f64.subarray(k.base, k.base + 3)], [1, 2, 3]);
});
