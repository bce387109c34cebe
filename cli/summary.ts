/** The readable per-output summary that `analyze` prints. */
import type { OutputSummary } from '../shared/engine/analyze.js';
import type { Stage } from '../shared/engine/types.js';
import type { GroundingStats } from './groundingStats.js';

function ms(timings: Map<string, number>, stage: Stage, o: number): string {
  const t = timings.get(`${stage}:${o}`);
  return t === undefined ? '' : ` (${t < 10 ? t.toFixed(1) : t.toFixed(0)} ms)`;
}

export function outputSummary(out: OutputSummary, stats: GroundingStats, o: number, stages: readonly Stage[], timings: Map<string, number>): string[] {
  const lines = [`output ${o} (${out.gate})`];
  if (stages.includes('circuits') || stages.includes('groundings')) {
    lines.push(`  circuits:   ${out.kept} kept of ${out.candidates} candidates${ms(timings, 'circuits', o)}`);
  }
  if (stages.includes('groundings')) {
    const r = stats.range();
    const range = r ? `min ${r.min}, median ${r.median}, max ${r.max}` : 'no circuit';
    lines.push(`  groundings: ${stats.total} in total; per circuit ${range}${ms(timings, 'groundings', o)}`);
  }
  if (stages.includes('mappings')) {
    const mappings = out.formulas.reduce((a, f) => a + f.minimal_mappings.length, 0);
    lines.push(`  formulas:   ${out.formulas_checked} compute ${out.gate}, ${out.formulas.length} have a minimal mapping${ms(timings, 'mappings', o)}`);
    lines.push(`  mappings:   ${mappings} minimal mappings in total`);
  }
  return lines;
}
