import test from 'ava';
import { leakyRelu, preActivation } from '../../shared/engine/network.js';
import { RowTables } from '../../shared/engine/rowTables.js';
import type { NetworkModel } from '../../shared/engine/types.js';
import { mulberry32, randomCase } from '../helpers/randomNetwork.js';

/** Every non-empty subset of the lower on nodes `lowerOn`, ascending, as the search lists them. */
function optionsOf(lowerOn: number): Uint32Array {
  const out: number[] = [];
  for (let s = 1; s <= lowerOn; s++) if ((s & lowerOn) === s) out.push(s);
  return Uint32Array.from(out);
}

/** Node j's contribution for option `opt` on sample p, summed plainly in ascending input order. */
function plain(model: NetworkModel, l: number, prev: Float32Array, count: number, j: number, opt: number, p: number): number {
  const nIn = model.layerSizes[l - 1] as number;
  const w = model.weights[l - 1] as Float32Array;
  let dot = 0;
  for (let i = 0; i < nIn; i++) if ((opt >>> i) & 1) dot += (w[j * nIn + i] as number) * (prev[i * count + p] as number);
  const b = (model.biases[l - 1] as Float32Array)[j] as number;
  return ((model.weights[l] as Float32Array)[j] as number) * leakyRelu(preActivation(dot, b));
}

/** Fills `tables` and checks every filled entry and bound against the plain sums. */
function fillAndCheck(t: import('ava').ExecutionContext, model: NetworkModel, tables: RowTables, seed: number, lowerOn: number, which: number): void {
  const rand = mulberry32(seed);
  const { count, nLower } = tables;
  const prev = Float32Array.from({ length: nLower * count }, () => rand() * 4 - 2);
  const options = optionsOf(lowerOn);
  tables.fill(model, 2, prev, options, which);
  for (let j = 0; j < tables.nUpper; j++) {
    if (!((which >>> j) & 1)) continue;
    for (let p = 0; p < count; p++) {
      let lo = Infinity;
      let hi = -Infinity;
      options.forEach((opt, o) => {
        const want = plain(model, 2, prev, count, j, opt, p);
        t.is(tables.contrib[(j * options.length + o) * count + p], want, `node ${j} option ${opt} sample ${p}`);
        lo = Math.min(lo, want);
        hi = Math.max(hi, want);
      });
      t.is(tables.minC[j * count + p], lo);
      t.is(tables.maxC[j * count + p], hi);
    }
  }
}

test('fills of tables of different sample counts, interleaved in one thread, each equal the plain sums', (t) => {
  // The fills share one scratch of dot products; a fill with fewer samples writes where a larger
  // one's first row (its zero row) lies, which must not leak into the next larger fill.
  const { input } = randomCase(7, [2, 3, 3, 1], ['XOR'], false);
  const model = input.model;
  const wide = new RowTables(3, 3, 40);
  const narrow = new RowTables(3, 3, 4);
  const tiny = new RowTables(3, 3, 1);
  const order: [RowTables, number][] = [
    [wide, 0b111], [narrow, 0b111], [wide, 0b101], [tiny, 0b111], [wide, 0b110],
    [narrow, 0b011], [narrow, 0b111], [tiny, 0b010], [wide, 0b111],
  ];
  order.forEach(([tables, lowerOn], k) => fillAndCheck(t, model, tables, 100 + k, lowerOn, k % 2 === 0 ? 0b111 : 0b101));
});
