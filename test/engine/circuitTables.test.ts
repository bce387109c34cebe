import test from 'ava';
import type { CircuitCode } from '../../shared/engine/circuitRecord.js';
import { CircuitTabler, type TableNode } from '../../shared/engine/circuitTables.js';
import { circuitTables, groundingPatterns } from '../../shared/engine/truthTables.js';
import { everyCircuitCode } from '../helpers/circuitCodes.js';
import { randomCase, shuffled } from '../helpers/randomNetwork.js';

/** Shapes of one to four hidden layers, three inputs among them, clean and noisy. */
const cases: [number[], 'XOR' | 'MAJORITY', number, boolean][] = [
  [[2, 3, 3, 1], 'XOR', 2, false],
  [[2, 3, 2, 2, 1], 'XOR', 402, false],
  [[2, 3, 2, 2, 1], 'XOR', 403, true],
  [[2, 2, 2, 3, 2, 1], 'XOR', 402, false],
  [[3, 2, 3, 1], 'MAJORITY', 2, false],
];

/** The first layer (1-based) whose mask or rows differ between two circuits; L + 1 when none. */
function firstChanged(a: CircuitCode, b: CircuitCode, L: number): number {
  for (let l = 1; l <= L; l++) {
    if (a.masks[l - 1] !== b.masks[l - 1]) return l;
    const x = a.rows[l - 1] as Uint32Array;
    const y = b.rows[l - 1] as Uint32Array;
    for (let j = 0; j < x.length; j++) if (x[j] !== y[j]) return l;
  }
  return L + 1;
}

/** A layer as plain tables per on node, as circuitTables (truthTables.ts) lists them. */
function plain(layer: readonly TableNode[]): number[][] {
  return layer.map((node) => node.tables.slice());
}

test('layers made circuit after circuit, from the first that changed as a DP asks, equal each circuit tabled alone; in arrays by key and in Maps alike', (t) => {
  for (const [sizes, gate, seed, noisy] of cases) {
    const all = everyCircuitCode(sizes);
    const { input } = randomCase(seed, sizes, [gate], noisy);
    const patterns = groundingPatterns(input.grounding);
    const L = sizes.length - 1;
    const alone = all.map((code) => circuitTables(input.model, patterns, code));
    for (const denseKeys of [undefined, 0]) {
      for (const [name, order] of [
        ['in order', all.map((_, i) => i)],
        ['reversed', all.map((_, i) => all.length - 1 - i)],
        ['shuffled', shuffled(all.map((_, i) => i), seed)],
      ] as const) {
        const tabler = new CircuitTabler(input.model, patterns, denseKeys);
        let prev: CircuitCode | null = null;
        // Layers made for the circuit before (a null layer stops the DP there).
        let valid = 0;
        let wrong = 0;
        let reused = 0;
        let compared = 0;
        for (const i of order) {
          const code = all[i] as CircuitCode;
          const from = prev ? Math.min(firstChanged(prev, code, L), valid + 1) : 1;
          if (from <= L) reused += from - 1;
          valid = from - 1;
          const expected = alone[i] as number[][][];
          for (let l = from; l <= L; l++) {
            const layer = tabler.layer(code, l);
            const want = (expected[l - 1] as number[][]).filter((_, j) => ((code.masks[l - 1] as number) >>> j) & 1);
            if (!layer) {
              // Null exactly when some on node of this layer has no table.
              if (!want.some((tables) => tables.length === 0)) wrong++;
              break;
            }
            compared++;
            if (JSON.stringify(plain(layer)) !== JSON.stringify(want)) wrong++;
            valid = l;
          }
          prev = code;
        }
        const mode = denseKeys === 0 ? 'Maps' : 'arrays';
        t.is(wrong, 0, `${sizes} ${gate} seed ${seed} ${name}, ${mode}`);
        t.true(compared > all.length, `${sizes} ${name}: only ${compared} layers compared`);
        if (name === 'in order') t.true(reused > 0, `${sizes}: no layer kept`);
      }
    }
  }
});
