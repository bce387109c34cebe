/** The readable per-output summary that `analyze` prints. */
import type { OutputAnalysis, Stage } from '../shared/engine/types.js';

function median(sorted: bigint[]): string {
  if (sorted.length === 0) return '-';
  const mid = sorted.length >> 1;
  if (sorted.length % 2) return String(sorted[mid]);
  const sum = (sorted[mid - 1] as bigint) + (sorted[mid] as bigint);
  return sum % 2n === 0n ? String(sum / 2n) : `${sum / 2n}.5`;
}

function ms(timings: Map<string, number>, stage: Stage, o: number): string {
  const t = timings.get(`${stage}:${o}`);
  return t === undefined ? '' : ` (${t < 10 ? t.toFixed(1) : t.toFixed(0)} ms)`;
}

export function outputSummary(out: OutputAnalysis, o: number, stages: readonly Stage[], timings: Map<string, number>): string[] {
  const lines = [`output ${o} (${out.gate})`];
  if (stages.includes('circuits') || stages.includes('groundings')) {
    lines.push(`  circuits:   ${out.circuits.length} kept of ${out.candidates} candidates${ms(timings, 'circuits', o)}`);
  }
  if (stages.includes('groundings')) {
    const counts = out.circuits.map((c) => c.groundings ?? 0n).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const total = counts.reduce((a, b) => a + b, 0n);
    const range = counts.length ? `min ${counts[0]}, median ${median(counts)}, max ${counts[counts.length - 1]}` : 'no circuit';
    lines.push(`  groundings: ${total} in total; per circuit ${range}${ms(timings, 'groundings', o)}`);
  }
  if (stages.includes('mappings')) {
    const mappings = out.formulas.reduce((a, f) => a + f.minimal_mappings.length, 0);
    lines.push(`  formulas:   ${out.formulas_checked} compute ${out.gate}, ${out.formulas.length} have a minimal mapping${ms(timings, 'mappings', o)}`);
    lines.push(`  mappings:   ${mappings} minimal mappings in total`);
  }
  return lines;
}
