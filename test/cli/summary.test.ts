import test from 'ava';
import { outputSummary } from '../../cli/summary.js';
import { MAX_SLICE_LIST } from '../../shared/engine/circuitSlices.js';
import type { OutputResult } from '../../shared/wire/messages.js';

const out = (circuits: OutputResult['circuits'], kept: number): OutputResult => ({ gate: 'XOR', candidates: 100, kept, groundings: null, circuits, formulas_checked: 0, formulas: [] });

test('under --list-limit all an output left unlisted says why; a listed or empty one, or another limit, says nothing more', (t) => {
  const why = `  not listed: a slice kept more than ${MAX_SLICE_LIST} circuits, the most one slice lists (the summary is exact)`;
  t.deepEqual(outputSummary(out(null, 5), 0, ['circuits'], new Map(), true), ['output 0 (XOR)', '  circuits:   5 kept of 100 candidates', why]);
  t.deepEqual(outputSummary(out([], 5), 0, ['circuits'], new Map(), true), ['output 0 (XOR)', '  circuits:   5 kept of 100 candidates'], 'listed (spooled)');
  t.deepEqual(outputSummary(out(null, 0), 0, ['circuits'], new Map(), true), ['output 0 (XOR)', '  circuits:   0 kept of 100 candidates'], 'nothing kept');
  t.deepEqual(outputSummary(out(null, 5), 0, ['circuits'], new Map()), ['output 0 (XOR)', '  circuits:   5 kept of 100 candidates'], 'past another limit: as before');
});
