/**
 * engine.bench.ts's mapping cases: the what-then-where search whole and in slices, each slice's
 * result merged and compared with the whole search's.
 */
import { readFileSync } from 'node:fs';
import { parseCase } from '../shared/case/caseFile.js';
import { gateTable } from '../shared/engine/gates.js';
import { mappingSearch } from '../shared/engine/mappingSearch.js';
import { mappingSearchSlice, mappingSpaceSize, mergeMappingSlices, type MappingSlicePart } from '../shared/engine/mappingSlices.js';
import { singleOutput } from '../shared/engine/network.js';
import type { IiaPairs } from '../shared/engine/types.js';
import { secondStats } from './stats.js';

/**
 * The what-then-where search at depth 4 (7654 candidate formulas), whole and in `of` slices run
 * one after another: the slowest slice bounds a sharded run, the sum shows the per-slice overhead.
 */
export function runMappingSlices(name: string, file: string, depth: number, mode: IiaPairs, of: number, repeats: number, quick: boolean): Record<string, unknown> {
  const input = parseCase(JSON.parse(readFileSync(file, 'utf8'))).input;
  const model = singleOutput(input.model, 0);
  const table = gateTable(input.gates[0] ?? 'XOR');
  const whole: number[] = [];
  const slowest: number[] = [];
  const summed: number[] = [];
  const merges: number[] = [];
  let identical = true;
  let formulas = 0;
  for (let r = 0; r < (quick ? 1 : repeats); r++) {
    let t0 = performance.now();
    const expected = mappingSearch(model, table, depth, mode);
    whole.push((performance.now() - t0) / 1000);
    const parts: MappingSlicePart[] = [];
    const each: number[] = [];
    for (let index = 0; index < of; index++) {
      t0 = performance.now();
      parts.push(mappingSearchSlice(model, table, depth, mode, { index, of }));
      each.push((performance.now() - t0) / 1000);
    }
    t0 = performance.now();
    const merged = mergeMappingSlices(parts);
    merges.push((performance.now() - t0) / 1000);
    slowest.push(Math.max(...each));
    summed.push(each.reduce((a, b) => a + b, 0));
    identical &&= JSON.stringify(merged) === JSON.stringify(expected);
    formulas = expected.formulas.length;
  }
  if (!identical) throw new Error(`${name}: merged slices differ from the whole search`);
  const size = mappingSpaceSize(model.layerSizes, depth, mode);
  return {
    case: `mappings ${name} depth ${depth} ${mode}, whole vs ${of} slices`,
    candidates: size.candidates,
    estimated_work: size.work,
    formulas,
    repeats: whole.length,
    s: secondStats(whole),
    slices: of,
    s_slowest_slice: secondStats(slowest),
    s_all_slices: secondStats(summed),
    s_merge: secondStats(merges),
    identical,
  };
}
