import test from 'ava';
import { parseCase } from '../../shared/case/caseFile.js';
import { analyzeNetwork } from '../../shared/engine/analyze.js';
import { compileAnalysisOptions } from '../../shared/engine/options.js';
import type { Gate } from '../../shared/engine/types.js';
import { goldenCases } from '../helpers/golden.js';

const golden = goldenCases().find((c) => c.name === 'xor-k3-s4')!.json;

test('a gate written as its truth table is the same task: every count equal, its own name', (t) => {
  const { input, config } = parseCase(golden);
  const options = compileAnalysisOptions(config, input.model);
  const named = analyzeNetwork(input, options).outputs[0]!;
  const table = analyzeNetwork({ ...input, gates: ['tt:0110'] }, options).outputs[0]!;
  t.is(table.gate, 'tt:0110');
  t.deepEqual({ ...table, gate: 'XOR' }, named);
  t.true(named.circuits.length > 0 && named.formulas.length > 0);
});

test('a gate whose arity is not the network input width is refused', (t) => {
  const { input, config } = parseCase(golden);
  const options = compileAnalysisOptions(config, input.model);
  t.throws(() => analyzeNetwork({ ...input, gates: ['MAJORITY' as Gate] }, options), { instanceOf: RangeError, message: 'output 0: gate MAJORITY takes 3 inputs, the network has 2' });
});
