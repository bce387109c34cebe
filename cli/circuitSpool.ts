/**
 * Kept-circuit lists of slices, spooled to disk as they arrive so that `analyze --json` never holds
 * more than one slice's list: one file per slice (JSON lines), concatenated into the output file in
 * slice order at the end, and removed whatever happens.
 */
import { appendFileSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { circuitJson } from '../coordinator/analysisJson.js';
import type { CircuitList } from '../shared/engine/circuitList.js';

/** A slice's place in search order (first unit, first row) as text that sorts in that order. */
export const slicePlace = (at: readonly [number, number]): string => `${String(at[0]).padStart(16, '0')}-${String(at[1]).padStart(5, '0')}`;

export class CircuitSpool {
  private readonly dir: string;

  /** The spool lives beside `target` (same file system, and cleaned with it on failure). */
  constructor(target: string) {
    this.dir = mkdtempSync(join(dirname(target), `.${basename(target)}.slices-`));
  }

  /** Appends one slice's circuits (the slice of output `o` from unit `at[0]`, first row `at[1]`). */
  write(o: number, at: readonly [number, number], circuits: CircuitList): void {
    let text = '';
    for (let i = 0; i < circuits.length; i++) text += `${JSON.stringify(circuitJson(circuits.record(i)))}\n`;
    appendFileSync(join(this.dir, `${o}-${slicePlace(at)}.jsonl`), text);
  }

  /** Output o's circuit lines in slice order, one slice file at a time. */
  *lines(o: number): Generator<string> {
    const files = readdirSync(this.dir).filter((f) => f.startsWith(`${o}-`)).sort();
    for (const f of files) {
      const text = readFileSync(join(this.dir, f), 'utf8');
      for (const line of text.split('\n')) if (line) yield line;
    }
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
