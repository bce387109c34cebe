import test from 'ava';
import { outputSummary } from '../../cli/summary.js';
import { MAX_SLICE_LIST } from '../../shared/engine/circuitSlices.js';
import type { OutputResult } from '../../shared/wire/messages.js';

const out = (circuits: OutputResult['circuits'], kept: number): OutputResult => ({ gate: 'XOR', candidates: 100, kept, groundings: null, circuits, formulas_checked: 0, formulas: [] });

test('under --list-limit all an output left unlisted says why; a listed or empty one, or another limit, says nothing more', (t) => {
  const why = `  not listed: a slice kept more than ${MAX_SLICE_LIST} circuits, the most one slice lists (the summary is exact)`;
  t.deepEqual(outputSummary(out(null, 5), 0, ['circuits'], new Map(), { listAll: true }), ['output 0 (XOR)', '  circuits:   5 kept of 100 candidates', why]);
  t.deepEqual(outputSummary(out([], 5), 0, ['circuits'], new Map(), { listAll: true }), ['output 0 (XOR)', '  circuits:   5 kept of 100 candidates'], 'listed (spooled)');
  t.deepEqual(outputSummary(out(null, 0), 0, ['circuits'], new Map(), { listAll: true }), ['output 0 (XOR)', '  circuits:   0 kept of 100 candidates'], 'nothing kept');
  t.deepEqual(outputSummary(out(null, 5), 0, ['circuits'], new Map()), ['output 0 (XOR)', '  circuits:   5 kept of 100 candidates'], 'past another limit: as before');
});

test('stage times summed over slices side by side are said to be worker time', (t) => {
  const timings = new Map([['circuits:0', 1912314], ['mappings:0', 4.25]]);
  const o = { ...out(null, 5), formulas_checked: 56 };
  t.deepEqual(outputSummary(o, 0, ['circuits', 'mappings'], timings, { workerTime: true }), ['output 0 (XOR)', '  circuits:   5 kept of 100 candidates (1912314 ms of worker time)', '  formulas:   56 compute XOR, 0 have a minimal mapping (4.3 ms of worker time)', '  mappings:   0 minimal mappings in total']);
  t.deepEqual(outputSummary(o, 0, ['circuits'], timings), ['output 0 (XOR)', '  circuits:   5 kept of 100 candidates (1912314 ms)'], 'in one thread: the time itself');
});
