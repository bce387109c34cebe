/**
 * The valid set `check` and `discover` judge against under stricter circuit criteria
 * (shared/check/validSet.ts): under faithful the search keeps only faithful circuits, the others
 * then filter those; the set must be the plain oracle's (every candidate forwarded, the criteria
 * applied to the paper's list), one to three hidden layers, clean and noisy.
 */
import test from 'ava';
import fc from 'fast-check';
import { criteriaValidCircuits } from '../../shared/check/validSet.js';
import { circuitKey, toCircuitRecord } from '../../shared/engine/circuitRecord.js';
import { parseCriteria } from '../../shared/engine/criteria.js';
import { TooManyCircuits } from '../../shared/engine/applyCriteria.js';
import { singleOutput } from '../../shared/engine/network.js';
import { compileAnalysisOptions } from '../../shared/engine/options.js';
import type { Gate } from '../../shared/engine/types.js';
import { oracleCircuitCriteria } from '../../shared/oracle/criteriaOracle.js';
import { oracleCircuitsKept } from '../../shared/oracle/oracle.js';
import { randomCase, randomOrSelfLabelled, selfLabelled } from '../helpers/randomNetwork.js';

const shapes = [[2, 3, 1], [2, 3, 3, 1], [2, 2, 3, 1], [2, 2, 2, 2, 1]];
const texts = ['faithful:0.05', 'faithful:0.2', 'faithful:0.1,mean-ablation', 'faithful:0.1,minimal-circuits', 'mean-ablation', 'minimal-circuits'];

test('the valid set under circuit criteria is the oracle\'s: faithful decided by the search, the others filtering what it keeps (random networks)', (t) => {
  let kept = 0;
  let dropped = 0;
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 0, max: shapes.length - 1 }), fc.integer({ min: 0, max: texts.length - 1 }), fc.boolean(), (seed, s, k, noisy) => {
      const sizes = shapes[s] as number[];
      const gates: Gate[] = ['XOR', 'AND', 'OR', 'IMP'];
      const { input, threshold } = randomOrSelfLabelled(seed, sizes, [gates[seed % gates.length] as Gate], noisy);
      const options = compileAnalysisOptions({ accuracyThreshold: threshold, stages: ['circuits'] }, input.model);
      const criteria = parseCriteria(texts[k] as string);
      const layerSizes = singleOutput(input.model, 0).layerSizes;
      const got: string[] = [];
      criteriaValidCircuits(criteria, Infinity)(input, 0, options)((code) => got.push(circuitKey(toCircuitRecord(layerSizes, code, null))));
      const paper = oracleCircuitsKept(input, 0, 0, threshold);
      const want = oracleCircuitCriteria(input, 0, paper, criteria, threshold).map(circuitKey);
      kept += want.length;
      dropped += paper.length - want.length;
      t.deepEqual(got.sort(), want.sort(), `${texts[k]}, seed ${seed}, ${JSON.stringify(sizes)}, noisy ${noisy}`);
    }),
    { numRuns: 40, seed: 7 },
  );
  t.true(kept > 0 && dropped > 0, `${kept} kept, ${dropped} dropped`);
});

test('under faithful, where the search decides it, the limit bounds the faithful circuits, not every valid one', (t) => {
  const criteria = parseCriteria('faithful:0.1');
  // A network where faithful keeps some valid circuits and not all.
  const threshold = 0.99;
  const found = Array.from({ length: 40 }, (_, seed) => selfLabelled(randomCase(seed, [2, 3, 3, 1], ['XOR'], false).input)).map((input) => {
    const paper = oracleCircuitsKept(input, 0, 0, threshold);
    return { input, paper: paper.length, faithful: oracleCircuitCriteria(input, 0, paper, criteria, threshold).length };
  }).find((c) => c.faithful > 0 && c.faithful < c.paper);
  if (!found) return t.fail('no random network with some but not all valid circuits faithful');
  const { input, faithful } = found;
  const options = compileAnalysisOptions({ accuracyThreshold: threshold, stages: ['circuits'] }, input.model);
  let n = 0;
  criteriaValidCircuits(criteria, faithful)(input, 0, options)(() => n++);
  t.is(n, faithful);
  t.throws(() => criteriaValidCircuits(criteria, faithful - 1)(input, 0, options)(() => undefined), { instanceOf: TooManyCircuits });
});
