/**
 * Three-input groundings, counted circuit by circuit by the DP over layers (docs/three-inputs.md):
 * PARITY [3, 5, 5, 1] unfiltered (examples/parity-3x5x5-s5.json: `run --gates PARITY --sizes 5
 * --experiments 1 --seed 5`, its networks/0000.json; 39 906 382 kept of 6.8 x 10^10 candidates).
 * Whole, it is half an hour on this machine's two cores, so single units are timed in this
 * process, one per size of the first layer's joint states (49 to 16 807), where a kept circuit's
 * cost is set: a unit's first layer is the layer below the two the DP sums per group of circuits.
 * Plus one part of the unit that stalled whole runs until 2026-12-08 (666 224). One JSON line; the
 * kept circuits and grounding totals say the units counted the same.
 * Run: node dist/bench/threeInput.bench.js (about 4 s).
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCase } from '../shared/case/caseFile.js';
import { summarizeCircuitSlice } from '../shared/engine/circuitSlices.js';
import { circuitSpace } from '../shared/engine/circuitSpace.js';
import { singleOutput } from '../shared/engine/network.js';
import { compileAnalysisOptions } from '../shared/engine/options.js';
import { unitStates } from '../shared/engine/sliceWork.js';
import { groundingPatterns } from '../shared/engine/truthTables.js';
import type { UnitRange } from '../shared/engine/analyze.js';
import { peakRssMiB } from './stats.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const { input, config } = parseCase(JSON.parse(readFileSync(resolve(root, 'examples/parity-3x5x5-s5.json'), 'utf8')));
const options = compileAnalysisOptions({ ...config, minSparsity: 0, stages: ['circuits', 'groundings'] }, input.model);
const model = singleOutput(input.model, 0);
const states = unitStates(circuitSpace(model.layerSizes, 0), model, groundingPatterns(input.grounding));

/** Units of 1 078 kept circuits (1 702 at 49 states), by their first layer's joint states. */
const picks: UnitRange[] = [{ start: 98_428, end: 98_429 }, { start: 631_656, end: 631_657 }, { start: 631_661, end: 631_662 }, { start: 634_062, end: 634_063 }, { start: 666_224, end: 666_225, firstRows: [3, 4] }];

const units = picks.map((range) => {
  const t0 = performance.now();
  const s = summarizeCircuitSlice(input, 0, options, range, 0);
  const ms = performance.now() - t0;
  return {
    unit: range.start,
    ...(range.firstRows && { part: range.firstRows }),
    states: states[range.start],
    kept: s.kept,
    groundings_total: s.groundings?.total.toString() ?? null,
    distinct: s.groundings ? s.groundings.num.length + s.groundings.big.length : null,
    ms: Math.round(ms * 10) / 10,
    us_per_kept_circuit: Math.round((1000 * ms) / Math.max(1, s.kept)),
  };
});
process.stdout.write(`${JSON.stringify({ case: 'parity [3, 5, 5, 1] unfiltered, circuits + groundings, single units by their first layer\'s states', units, peak_rss_mb: peakRssMiB() })}\n`);
