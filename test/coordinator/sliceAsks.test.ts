/**
 * What the slices answer besides the summary, gathered per output (coordinator/sliceAsks.ts): every
 * slice counted once, parts of one unit adding up, and an answer that lacks what the specs asked
 * for (a worker of an older version) refused with one line.
 */
import test from 'ava';
import { outputUnits } from '../../shared/engine/circuitSlices.js';
import type { CircuitSliceShardResult } from '../../shared/wire/messages.js';
import { SliceAsksError, SliceAsksTally } from '../../coordinator/sliceAsks.js';

const sizes = [2, 3, 3, 2];
const slice = (output: number, start: number, end: number, kept: number[], valid: number | undefined, firstRows?: [number, number]): CircuitSliceShardResult => ({
  kind: 'circuit-slice', output, start, end, ...(firstRows && { firstRows }), candidates: 10, kept: kept.reduce((a, b) => a + b, 0), groundings: null, circuits: null, unitKept: Float64Array.from(kept), ...(valid !== undefined && { valid }),
});

test('each slice counts once; parts of a unit add up; per output', (t) => {
  const tally = new SliceAsksTally(2, sizes, 0, { valid: true, unitKept: true });
  tally.add(slice(0, 0, 3, [1, 0, 2], 9));
  tally.add(slice(0, 0, 3, [1, 0, 2], 9)); // delivered twice
  tally.add(slice(0, 5, 6, [4], 5, [0, 2]));
  tally.add(slice(0, 5, 6, [3], 3, [2, 7]));
  tally.add(slice(1, 2, 4, [0, 6], 6));
  t.deepEqual(tally.valid(), [17, 6]);
  const counts = tally.unitCounts() as Float64Array[];
  t.is(counts[0]?.length, outputUnits(sizes, 0));
  t.deepEqual([...(counts[0] as Float64Array).subarray(0, 7)], [1, 0, 2, 0, 0, 7, 0]);
  t.deepEqual([...(counts[1] as Float64Array).subarray(0, 5)], [0, 0, 0, 6, 0]);
});

test('an answer without what the specs asked for is refused, naming the slice and the fix', (t) => {
  const judged = new SliceAsksTally(1, sizes, 0, { valid: true, unitKept: false });
  t.throws(() => judged.add(slice(0, 0, 3, [1, 0, 2], undefined)), { instanceOf: SliceAsksError, message: 'the slice of units [0, 3) of output 0 came back without judging its circuits under the criteria: a worker of an older version answered it; run workers of this version' });
  t.is(judged.unitCounts(), null);
  const hosts = new SliceAsksTally(1, sizes, 0, { valid: false, unitKept: true });
  const { unitKept: _, ...bare } = slice(0, 0, 3, [1, 0, 2], undefined);
  t.throws(() => hosts.add(bare), { instanceOf: SliceAsksError, message: /units \[0, 3\) of output 0 came back without its kept circuits per unit \(consistent's hosts\)/ });
  t.is(hosts.valid(), null);
});

test('counts under criteria add up per output and text, hosts merged by node masks across slices; an answer without them is refused', (t) => {
  const tally = new SliceAsksTally(1, sizes, 0, { valid: false, unitKept: false, countUnder: ['faithful:0.1', 'mean-ablation'] });
  const under = (kept: number, total: bigint, masks: number[], circuits: number[]) => ({ kept, groundingsTotal: total, hostMasks: Uint32Array.from(masks), hostCircuits: Float64Array.from(circuits) });
  const { unitKept: _, ...bare } = slice(0, 0, 3, [1, 0, 2], undefined);
  tally.add({ ...bare, countedUnder: [under(2, 10n, [1, 3, 2, 2], [1, 1]), under(3, 2n ** 60n, [1, 3], [3])] });
  tally.add({ ...bare, countedUnder: [under(2, 10n, [1, 3, 2, 2], [1, 1]), under(3, 2n ** 60n, [1, 3], [3])] }); // delivered twice
  tally.add({ ...bare, start: 3, end: 5, countedUnder: [under(1, 5n, [2, 2], [1]), under(0, 0n, [], [])] });
  const [counts] = tally.countsUnder();
  t.deepEqual(counts?.get('faithful:0.1'), { circuits: 3, groundingsTotal: 15n, hosts: [{ masks: Uint32Array.of(1, 3), circuits: 1 }, { masks: Uint32Array.of(2, 2), circuits: 2 }] });
  t.deepEqual(counts?.get('mean-ablation'), { circuits: 3, groundingsTotal: 2n ** 60n, hosts: [{ masks: Uint32Array.of(1, 3), circuits: 3 }] });
  t.throws(() => tally.add({ ...bare, start: 7, end: 8 }), { instanceOf: SliceAsksError, message: /units \[7, 8\) of output 0 came back without its counts under faithful:0\.1 and mean-ablation/ });
});
