/** Reading a run directory's outputs for comparisons (timings removed). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export function resultsWithoutTimings(dir: string): unknown[] {
  return readFileSync(join(dir, 'results.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const { timings: _timings, ...rest } = JSON.parse(line) as Record<string, unknown>;
      return rest;
    });
}

export function dfOut(dir: string): string {
  return readFileSync(join(dir, 'df_out.csv'), 'utf8');
}
