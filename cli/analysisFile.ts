/**
 * `analyze --json OUT`, written atomically: per output the exact summary, the circuits when they
 * were listed (kept count within --list-limit), the formulas and their minimal mappings.
 */
import { outputResultJson } from '../coordinator/analysisJson.js';
import { openAtomicSyncWriter } from '../coordinator/atomicFile.js';
import type { OutputResult } from '../shared/wire/messages.js';

/**
 * `circuitLines(o)`: the circuit JSON lines of a listed output (default: from the result itself);
 * `extras[o]`: fields added to output o after its summary (the criteria applied, --criteria).
 */
export function writeAnalysisJson(file: string, outputs: readonly OutputResult[], circuitLines?: (o: number) => Iterable<string>, extras?: readonly Record<string, unknown>[]): void {
  const out = openAtomicSyncWriter(file);
  try {
    out.write('{"outputs":[');
    outputs.forEach((o, i) => {
      const { circuits, ...rest } = outputResultJson(o) as Record<string, unknown> & { circuits?: unknown[] };
      out.write(`${i ? ',' : ''}\n${JSON.stringify({ ...rest, ...extras?.[i] }).slice(0, -1)}`);
      // One circuit per line, so the list never has to be one string in memory.
      if (circuits) {
        out.write(',"circuits":[');
        let k = 0;
        for (const line of circuitLines ? circuitLines(i) : circuits.map((c) => JSON.stringify(c))) out.write(`${k++ ? ',' : ''}\n${line}`);
        out.write(']');
      }
      out.write('}');
    });
    out.write('\n]}\n');
    out.commit();
  } catch (err) {
    out.abort();
    throw err;
  }
}
