import test from 'ava';
import type { CircuitCode } from '../../shared/engine/circuitRecord.js';
import { GroundingCounter, localGateCount } from '../../shared/engine/groundingCount.js';
import { PrefixDp } from '../../shared/engine/groundingDp.js';
import { groundingPatterns, type GroundingPatterns } from '../../shared/engine/truthTables.js';
import type { NetworkModel } from '../../shared/engine/types.js';
import { everyCircuitCode } from '../helpers/circuitCodes.js';
import { randomCase, shuffled } from '../helpers/randomNetwork.js';


function dp(model: NetworkModel, patterns: GroundingPatterns, limit = 2 ** 53): PrefixDp {
  return new PrefixDp(model, patterns, (t, parents) => localGateCount(t, parents, patterns.count), limit);
}

/** Shapes of three and four hidden layers, with seeds whose random networks have circuits with groundings. */
const cases: [number[], number, boolean][] = [
  [[2, 3, 2, 2, 1], 402, false],
  [[2, 3, 2, 2, 1], 403, true],
  [[2, 2, 2, 3, 2, 1], 402, false],
  [[2, 2, 2, 3, 2, 1], 403, true],
];

test('layers kept from circuit to circuit: every count equals a fresh DP of that circuit alone, in order, reversed and shuffled', (t) => {
  for (const [sizes, seed, noisy] of cases) {
    const all = everyCircuitCode(sizes);
    const { input } = randomCase(seed, sizes, ['XOR'], noisy);
    const patterns = groundingPatterns(input.grounding);
    const alone = all.map((code) => dp(input.model, patterns).count(code));
    t.true(alone.filter((v) => v > 0).length > 20, `${sizes}: too few circuits with groundings`);
    for (const [name, order] of [
      ['in order', all.map((_, i) => i)],
      ['reversed', all.map((_, i) => all.length - 1 - i)],
      ['shuffled', shuffled(all.map((_, i) => i), seed)],
    ] as [string, number[]][]) {
      const kept = dp(input.model, patterns);
      let wrong = 0;
      for (const i of order) if (kept.count(all[i] as CircuitCode) !== alone[i]) wrong++;
      t.is(wrong, 0, `${sizes} seed ${seed} ${name}`);
      if (name === 'in order') t.true(kept.stats.kept > kept.stats.computed / 4, `${sizes}: only ${kept.stats.kept} layers kept`);
    }
  }
});

test('past the exact limit the DP says NaN and the counter recounts in BigInt: the same counts', (t) => {
  const sizes = [2, 3, 2, 2, 1];
  const all = everyCircuitCode(sizes);
  const { input } = randomCase(402, sizes, ['XOR'], false);
  const patterns = groundingPatterns(input.grounding);
  const low = dp(input.model, patterns, 64);
  let nan = 0;
  for (const code of all) if (Number.isNaN(low.count(code))) nan++;
  t.true(nan > 10, `only ${nan} circuits reached the limit`);
  const exact = new GroundingCounter(input.model, patterns);
  const big = new GroundingCounter(input.model, patterns, 64);
  let wrong = 0;
  for (const code of all) if (exact.count(code) !== big.count(code)) wrong++;
  t.is(wrong, 0);
  t.true(big.stats().bigint > 10);
  t.is(exact.stats().bigint, 0);
});
