import test from 'ava';
import { parseCase } from '../../shared/case/caseFile.js';
import { analyzeNetwork } from '../../shared/engine/analyze.js';
import { compileAnalysisOptions } from '../../shared/engine/options.js';
import type { IiaPairs } from '../../shared/engine/types.js';
import { compareOutput, goldenCases } from '../helpers/golden.js';

const cases = goldenCases();

test('the golden set is present', (t) => {
  t.true(cases.length >= 11, `found ${cases.length} golden cases`);
});

for (const c of cases) {
  for (const mode of ['lexicographic', 'all-pairs'] as IiaPairs[]) {
    test(`golden ${c.name} (${mode}) is reproduced exactly`, (t) => {
      const { input, config } = parseCase(c.json);
      const options = compileAnalysisOptions({ ...config, iiaPairs: mode }, input.model);
      const result = analyzeNetwork(input, options);
      t.is(result.outputs.length, c.json.expected.length);
      result.outputs.forEach((out, o) => {
        const field = mode === 'lexicographic' ? 'formulas' : 'formulas_iia_all_pairs';
        t.deepEqual(compareOutput(out, c.json.expected[o], field), [], `output ${o} (${out.gate})`);
        t.is(out.circuits.length, c.json.expected[o].circuits.length);
      });
    });
  }
}
