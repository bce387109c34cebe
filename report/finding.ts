/**
 * The study's answer in one sentence per count: how many networks (or circuits, or formulas) have
 * exactly one explanation, over every analysed network. The definitions are the report's
 * "identifiable shares" (reportModel.ts), so the sentences agree with the medians tables; the CLI
 * prints them at the end of a run and report.html shows them above the charts.
 */
import type { StudyRow } from '../shared/results/studyRow.js';
import { collectCounts, countKinds, type CountKind } from './reportModel.js';
import { shareOfOnes, type Share } from './reportStats.js';

export interface FindingLine {
  readonly kind: CountKind;
  readonly share: Share;
  readonly text: string;
}

/** What is counted (singular, plural) and what "exactly one" means for it, per count. */
function wording(outputs: readonly [string, string]): Readonly<Record<CountKind, { unit: readonly [string, string]; one: string }>> {
  return {
    circuits: { unit: outputs, one: 'exactly one circuit' },
    groundings: { unit: ['circuit', 'circuits'], one: 'exactly one grounding' },
    formulas: { unit: outputs, one: 'exactly one formula with a minimal mapping' },
    mappings: { unit: ['formula with a minimal mapping', 'formulas with a minimal mapping'], one: 'exactly one minimal mapping' },
  };
}

/** 0.2857 -> "28.6%", 0 -> "0%", 1 -> "100%". */
export function percent(share: number): string {
  return `${Number((share * 100).toFixed(1))}%`;
}

export function finding(rows: readonly StudyRow[]): FindingLine[] {
  const counts = collectCounts(rows);
  // Single-output studies count networks; with several gates per network the unit is one output.
  const outputs = rows.every((r) => r.n_gates === 1) ? (['network', 'networks'] as const) : (['network-output', 'network-outputs'] as const);
  const words = wording(outputs);
  return countKinds.map((kind) => {
    const share = shareOfOnes(counts[kind]);
    const { unit, one } = words[kind];
    const of = `${share.ones} of ${share.total} ${share.total === 1 ? unit[0] : unit[1]}`;
    const text = `${of}${share.share === null ? '' : ` (${percent(share.share)})`} ${share.ones === 1 ? 'has' : 'have'} ${one}`;
    return { kind, share, text };
  });
}
