/**
 * The slice plan of one network and its assembler: slices cover each output's space once, a
 * duplicate or foreign slice result is refused, and the merge equals the unsliced analysis.
 */
import test from 'ava';
import { parseCase } from '../../shared/case/caseFile.js';
import { compileAnalysisOptions } from '../../shared/engine/options.js';
import { evaluateShard, analyzeOutputResult } from '../../shared/evaluate/evaluateShard.js';
import type { CircuitSliceShardResult, MappingSliceShardResult, ShardSpec } from '../../shared/wire/messages.js';
import { mappingCount } from '../../shared/engine/mappingCount.js';
import { mappingListShare } from '../../shared/engine/mappingSlices.js';
import { networkSliceSpecs, sliceCount, SLICES_PER_WORKER } from '../../coordinator/networkSlices.js';
import { NetworkAssembler } from '../../coordinator/networkAssembler.js';
import { MAX_SLICE_LIST } from '../../shared/engine/circuitSlices.js';
import { goldenCases } from '../helpers/golden.js';
import { CircuitList } from '../../shared/engine/circuitList.js';
import { keepMinimal } from '../../shared/engine/keepMinimal.js';
import { MinimalLists } from '../../cli/minimalLists.js';

const golden = goldenCases().find((c) => c.name === 'xor+and-k3-s3');

test('slices cover the space once; duplicates and foreign slices are refused; the merge equals the whole analysis', (t) => {
  if (!golden) return t.fail();
  const { input, config } = parseCase(golden.json);
  const analysis = compileAnalysisOptions({ ...config, formulaMaxDepth: 3 }, input.model);
  t.is(sliceCount(input.model.layerSizes, analysis.minSparsity, 1e9), 1);
  t.is(sliceCount(input.model.layerSizes, analysis.minSparsity, 500), 32, 'a split output gets at least 32 slices');
  // Slices small enough that some unit is over PART_SHARES shares.
  const n = sliceCount(input.model.layerSizes, analysis.minSparsity, 50);
  const specs = networkSliceSpecs({ model: input.model, validation: input.validation, grounding: input.grounding, gates: input.gates, analysis }, 1000, 50);
  const circuitSpecs = specs.filter((s) => s.kind === 'circuit-slice');
  // About n slices of equal estimated work per output (fewer where a heavy unit fills one alone);
  // the heaviest units in parts of their first rows.
  t.true(circuitSpecs.length >= n && circuitSpecs.length <= 2 * 2 * n, `${circuitSpecs.length} circuit slices for ${n} per output`);
  t.true(circuitSpecs.some((s) => s.firstRows), 'some unit is cut into parts');
  input.gates.forEach((_, o) => {
    // In search order each slice starts where the last ended: at the next unit, or at the next
    // first rows of a unit in parts (that they reach all of its first rows, the candidates below show).
    const mine = circuitSpecs.filter((s) => s.output === o).sort((a, b) => a.start - b.start || (a.firstRows?.[0] ?? 0) - (b.firstRows?.[0] ?? 0));
    mine.forEach((s, i) => {
      const last = mine[i - 1];
      if (s.firstRows && last?.start === s.start) t.is(s.firstRows[0], last.firstRows?.[1] ?? -1);
      else {
        t.is(s.start, last?.end ?? 0);
        if (s.firstRows) t.is(s.firstRows[0], 0);
      }
    });
  });
  const a = new NetworkAssembler(input.gates, specs, 1000);
  const results = specs.map((s) => evaluateShard(s) as CircuitSliceShardResult | MappingSliceShardResult);
  // Reverse order: arrival order must not matter.
  for (const r of [...results].reverse()) t.true(a.add(r));
  t.false(a.add(results[3] as CircuitSliceShardResult), 'a duplicate is refused');
  t.false(a.add({ ...(results[0] as CircuitSliceShardResult), start: 1, end: 2 }), 'a slice that was not planned is refused');
  t.is(a.remaining, 0);
  // Each slice listed only its share (1000 / 32): the slices cut short run again for their whole list.
  const again = a.relist();
  t.true(again.length > 0);
  t.is(a.remaining, again.length);
  t.throws(() => a.finish(), { message: /still missing/ });
  for (const { shard } of again) t.true(a.add(evaluateShard(shard) as CircuitSliceShardResult));
  t.false(a.add(evaluateShard(again[0]!.shard) as CircuitSliceShardResult), 'a relisted slice only once');
  const merged = a.finish();
  const whole = input.gates.map((_, o) => analyzeOutputResult(input, o, analysis, 1000, (_s, _o, run) => run()));
  t.deepEqual(merged, whole);
});

test('merged in threads of their own, the outputs are the same; finish waits for settle', async (t) => {
  if (!golden) return t.fail();
  const { input, config } = parseCase(golden.json);
  const analysis = compileAnalysisOptions({ ...config, stages: ['circuits', 'groundings'] }, input.model);
  const specs = networkSliceSpecs({ model: input.model, validation: input.validation, grounding: input.grounding, gates: input.gates, analysis }, 1000, 500);
  const here = new NetworkAssembler(input.gates, specs, 1000);
  const threads = new NetworkAssembler(input.gates, specs, 1000, { mergeThreads: true });
  // Each its own results: the merge thread takes the arrays it is given.
  for (const s of specs) {
    t.true(here.add(evaluateShard(s) as CircuitSliceShardResult));
    t.true(threads.add(structuredClone(evaluateShard(s)) as CircuitSliceShardResult));
  }
  for (const a of [here, threads]) for (const { shard } of a.relist()) t.true(a.add(evaluateShard(shard) as CircuitSliceShardResult));
  t.throws(() => threads.finish(), { message: /not settled/ });
  await threads.settle();
  const merged = threads.finish();
  t.true(merged.some((o) => o.groundings !== null && o.groundings.num.length + o.groundings.big.length > 1), 'distributions were merged');
  t.deepEqual(merged, here.finish());
  threads.close();
});

test('finish refuses while slices are missing', (t) => {
  if (!golden) return t.fail();
  const { input, config } = parseCase(golden.json);
  const analysis = compileAnalysisOptions(config, input.model);
  const specs = networkSliceSpecs({ model: input.model, validation: input.validation, grounding: input.grounding, gates: input.gates, analysis }, 10, 500);
  const a = new NetworkAssembler(input.gates, specs, 10);
  a.add(evaluateShard(specs[0]!) as CircuitSliceShardResult);
  t.throws(() => a.finish(), { message: /slices are still missing/ });
});

test('a known fleet caps the slices at 128 per worker thread, at least 32, and the merge is unchanged', (t) => {
  if (!golden) return t.fail();
  const { input, config } = parseCase(golden.json);
  const analysis = compileAnalysisOptions({ ...config, stages: ['circuits', 'groundings'] }, input.model);
  const sizes = input.model.layerSizes;
  const grain = sliceCount(sizes, analysis.minSparsity, 2);
  t.true(grain > 2 * SLICES_PER_WORKER, `${grain} slices without a fleet: more than two threads' cap`);
  t.is(sliceCount(sizes, analysis.minSparsity, 2, 1), SLICES_PER_WORKER);
  t.is(sliceCount(sizes, analysis.minSparsity, 2, 2), 2 * SLICES_PER_WORKER);
  t.is(sliceCount(sizes, analysis.minSparsity, 2, 10_000), grain, 'a large fleet leaves the grain as it was');
  t.is(sliceCount(sizes, analysis.minSparsity, 1e9, 1), 1, 'a small output stays whole');
  t.is(sliceCount(sizes, analysis.minSparsity, 500, 1), 32, 'a split output still gets at least 32');
  const target = { model: input.model, validation: input.validation, grounding: input.grounding, gates: input.gates, analysis };
  const whole = input.gates.map((_, o) => analyzeOutputResult(input, o, analysis, 1000, (_s, _o, run) => run()));
  for (const workers of [1, 2]) {
    const specs = networkSliceSpecs(target, 1000, 2, workers);
    t.true(specs.length < networkSliceSpecs(target, 1000, 2).length);
    const a = new NetworkAssembler(input.gates, specs, 1000);
    for (const s of specs) t.true(a.add(evaluateShard(s) as CircuitSliceShardResult));
    for (const { shard } of a.relist()) t.true(a.add(evaluateShard(shard) as CircuitSliceShardResult));
    t.deepEqual(a.finish(), whole, `${specs.length} slices for ${workers} thread(s)`);
  }
});

test('mapping slices list their share of the list limit: an output within it relists the slices cut short, one past it is counted whole', (t) => {
  if (!golden) return t.fail();
  const { input, config } = parseCase(golden.json);
  const analysis = compileAnalysisOptions({ ...config, stages: ['mappings'], formulaMaxDepth: 3 }, input.model);
  const target = { model: input.model, validation: input.validation, grounding: input.grounding, gates: input.gates, analysis };
  t.deepEqual(networkSliceSpecs(target, 1000, 500).map((s) => s.kind === 'mapping-slice' && [s.of, s.listBound]), [[1, 1000], [1, 1000]], 'one slice per output at depth 3, listing as far as the limit');
  const mappings = (limit: number): number[] => input.gates.map((_, o) => analyzeOutputResult(input, o, analysis, limit, (_s, _o, run) => run()).formulas.reduce((n, f) => n + mappingCount(f), 0));
  const [xor, and] = mappings(1000) as [number, number];
  // Eight slices per output, as a deeper search would get: limits within one output's mappings and past it.
  const eight = (limit: number): ShardSpec[] => input.gates.flatMap((_, output) => Array.from({ length: 8 }, (_, slice): ShardSpec => ({ kind: 'mapping-slice', model: input.model, gates: input.gates, output, slice, of: 8, analysis, listBound: mappingListShare(limit, 8) })));
  let relisted = 0;
  for (const limit of [0, Math.min(xor, and) - 1, Math.max(xor, and), 1000]) {
    const specs = eight(limit);
    const a = new NetworkAssembler(input.gates, specs, limit);
    for (const s of specs.slice().reverse()) t.true(a.add(evaluateShard(s) as MappingSliceShardResult));
    const again = a.relist();
    relisted += again.length;
    for (const { shard } of again) {
      t.is((shard as ShardSpec & { kind: 'mapping-slice' }).listBound, limit);
      t.true(a.add(evaluateShard(shard) as MappingSliceShardResult));
    }
    t.false(again.length > 0 && a.add(evaluateShard(again[0]!.shard) as MappingSliceShardResult), 'a relisted slice only once');
    const merged = a.finish();
    t.deepEqual(merged, input.gates.map((_, o) => analyzeOutputResult(input, o, analysis, limit, (_s, _o, run) => run())), `limit ${limit}`);
    merged.forEach((out, o) => t.is(out.formulas.every((f) => f.minimal_mappings !== null), (o === 0 ? xor : and) <= limit, `limit ${limit}, output ${o}`));
  }
  t.true(relisted > 0, 'some slice passed its share in an output within the limit');
});

test('slices answer their lists packed; an older worker\'s records (the ask stripped) mix with them: the same outputs, and the spool gets every list in search order', (t) => {
  if (!golden) return t.fail();
  const { input, config } = parseCase(golden.json);
  const analysis = compileAnalysisOptions({ ...config, formulaMaxDepth: 3 }, input.model);
  const target = { model: input.model, validation: input.validation, grounding: input.grounding, gates: input.gates, analysis };
  const specs = networkSliceSpecs(target, 1000, 50);
  t.true(specs.every((s) => s.kind !== 'circuit-slice' || s.packedList === true), 'every listing slice asks for its list packed');
  t.false(networkSliceSpecs(target, 0, 50).some((s) => s.kind === 'circuit-slice' && s.packedList), 'none when nothing is listed');
  // Every other slice answered by a worker that does not know the ask: records.
  const older = (s: ShardSpec): ShardSpec => {
    if (s.kind !== 'circuit-slice') return s;
    const { packedList: _dropped, ...rest } = s;
    return rest;
  };
  const answer = (s: ShardSpec, i: number) => evaluateShard(i % 2 === 0 ? older(s) : s) as CircuitSliceShardResult | MappingSliceShardResult;
  const whole = input.gates.map((_, o) => analyzeOutputResult(input, o, analysis, 1000, (_s, _o, run) => run()));
  const run = (spooled: Map<number, [readonly [number, number], unknown[]][]> | null) => {
    const spool = (o: number, at: readonly [number, number], list: CircuitList): void => {
      if (!spooled?.has(o)) spooled?.set(o, []);
      spooled?.get(o)?.push([at, list.records()]);
    };
    const a = new NetworkAssembler(input.gates, specs, 1000, spooled ? { spool } : {});
    const results = specs.map(answer);
    const kinds = results.flatMap((r) => (r.kind === 'circuit-slice' && r.kept > 0 ? [r.packed ? 'packed' : 'records'] : []));
    t.true(kinds.includes('packed') && kinds.includes('records'), 'both forms arrive');
    for (const r of results) t.true(a.add(r));
    a.relist().forEach(({ shard }, i) => t.true(a.add(answer(shard, i))));
    return a.finish();
  };
  t.deepEqual(run(null), whole, 'held: the records of both forms');
  const spooled = new Map<number, [readonly [number, number], unknown[]][]>();
  const merged = run(spooled);
  input.gates.forEach((_, o) => {
    t.deepEqual(merged[o]?.circuits, [], 'listed, in the spool');
    // A relisted slice is spooled again after its cut list: the last list of each place, in search order.
    const byPlace = new Map((spooled.get(o) ?? []).map(([at, list]) => [`${String(at[0]).padStart(9, '0')}-${String(at[1]).padStart(5, '0')}`, list]));
    const lists = [...byPlace.keys()].sort().flatMap((k) => byPlace.get(k) ?? []);
    t.deepEqual(lists, whole[o]?.circuits as unknown[], `output ${o}`);
  });
});

test('a slice that keeps more than the most one slice lists leaves its output unlisted, whatever the limit: nothing to relist, the summary whole', (t) => {
  if (!golden) return t.fail();
  const { input, config } = parseCase(golden.json);
  const analysis = compileAnalysisOptions(config, input.model);
  const specs = networkSliceSpecs({ model: input.model, validation: input.validation, grounding: input.grounding, gates: input.gates, analysis }, null, 500);
  const a = new NetworkAssembler(input.gates, specs, Infinity);
  const results = specs.map((s) => evaluateShard(s) as CircuitSliceShardResult | MappingSliceShardResult);
  // The first slice of output 0 with circuits, answered as a slice past MAX_SLICE_LIST answers: its summary alone.
  const big = results.findIndex((r) => r.kind === 'circuit-slice' && r.output === 0 && r.kept > 0);
  const r = results[big] as CircuitSliceShardResult;
  results[big] = { ...r, kept: MAX_SLICE_LIST + 1, circuits: null, packed: null };
  for (const x of results) t.true(a.add(x));
  t.false(a.listing(0), 'output 0 cannot be listed');
  t.true(a.listing(1), 'output 1 still is');
  t.deepEqual(a.relist().filter((x) => (x.shard as { output?: number }).output === 0 && x.shard.kind === 'circuit-slice'), [], 'nothing of output 0 asked again');
  const merged = a.finish();
  t.is(merged[0]?.circuits, null);
  t.is(merged[0]?.kept, analyzeOutputResult(input, 0, analysis, 0, (_s, _o, run) => run()).kept + MAX_SLICE_LIST + 1 - r.kept);
});

test('under minimal-circuits slices send their own minimal circuits alone, older workers their whole lists: the lists hold what the whole list\'s minimal circuits need, and count every listed circuit', (t) => {
  if (!golden) return t.fail();
  const { input, config } = parseCase(golden.json);
  const analysis = compileAnalysisOptions({ ...config, formulaMaxDepth: 3 }, input.model);
  const specs = networkSliceSpecs({ model: input.model, validation: input.validation, grounding: input.grounding, gates: input.gates, analysis }, 1000, 50).map((s) => (s.kind === 'circuit-slice' ? { ...s, minimalList: true as const } : s));
  const older = (s: ShardSpec): ShardSpec => {
    if (s.kind !== 'circuit-slice') return s;
    const { packedList: _p, minimalList: _m, ...rest } = s;
    return rest;
  };
  const answer = (s: ShardSpec, i: number) => evaluateShard(i % 3 === 0 ? older(s) : s) as CircuitSliceShardResult | MappingSliceShardResult;
  const sizes = (): number[] => [...input.model.layerSizes.slice(0, -1), 1];
  const lists = new MinimalLists(sizes);
  const a = new NetworkAssembler(input.gates, specs, 1000, { spool: (o, at, list, listed) => lists.write(o, at, list, listed) });
  const results = specs.map(answer);
  t.true(results.some((r) => r.kind === 'circuit-slice' && r.minimal === true && (r.packed?.groundings.length ?? 0) < r.kept), 'some slice sent fewer circuits than it kept');
  for (const r of results) t.true(a.add(r));
  a.relist().forEach(({ shard }, i) => t.true(a.add(answer(shard, i))));
  const merged = a.finish();
  input.gates.forEach((_, o) => {
    const whole = analyzeOutputResult(input, o, analysis, 1000, (_s, _o, run) => run());
    t.is(lists.listed(o), whole.kept, `output ${o}: every kept circuit counted as listed`);
    t.deepEqual(merged[o]?.circuits, []);
    const all = CircuitList.fromRecords(sizes(), whole.circuits ?? []);
    const keepAll = new Uint8Array(all.length).fill(1);
    keepMinimal(all, keepAll);
    const union = lists.take(o);
    const keepUnion = new Uint8Array(union.length).fill(1);
    keepMinimal(union, keepUnion);
    t.deepEqual(union.kept(keepUnion).records(), all.kept(keepAll).records(), `output ${o}: the same minimal circuits`);
  });
  // Held whole (no lists that take minimal ones): a minimal answer is a coordinator's fault.
  const held = new NetworkAssembler(input.gates, specs, 1000);
  const cut = results.find((r) => r.kind === 'circuit-slice' && r.minimal === true) as CircuitSliceShardResult;
  t.throws(() => held.add(cut), { message: /minimal circuits alone where its whole list is held/ });
});
