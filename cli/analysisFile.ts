/**
 * `analyze --json OUT`, written atomically: per output the exact summary, the circuits when they
 * were listed (kept count within --list-limit), the formulas and their minimal mappings. Neither
 * the distribution nor the list is ever one string: both are written a piece at a time.
 */
import { circuitJson, outputResultJson } from '../coordinator/analysisJson.js';
import { writePiecesAtomic } from '../coordinator/atomicFile.js';
import { joinedPieces, JsonPieces, jsonPieces } from '../coordinator/jsonPieces.js';
import type { OutputResult } from '../shared/wire/messages.js';

/** A circuit list's JSON text, one circuit per line. */
function* listPieces(lines: Iterable<string>): Generator<string> {
  yield '[';
  yield* joinedPieces(lines, (line) => `\n${line}`, ',');
  yield ']';
}

/**
 * `circuitLines(o)`: the circuit JSON lines of a listed output (default: from the result itself);
 * `extras[o]`: fields added to output o after its summary (the criteria applied, --criteria).
 */
export function writeAnalysisJson(file: string, outputs: readonly OutputResult[], circuitLines?: (o: number) => Iterable<string>, extras?: readonly Record<string, unknown>[]): void {
  writePiecesAtomic(file, analysisPieces(outputs, circuitLines, extras));
}

function* analysisPieces(outputs: readonly OutputResult[], circuitLines?: (o: number) => Iterable<string>, extras?: readonly Record<string, unknown>[]): Generator<string> {
  yield '{"outputs":[';
  for (const [i, o] of outputs.entries()) {
    const listed = o.circuits;
    const lines = (): Iterable<string> => (circuitLines ? circuitLines(i) : (listed ?? []).map((c) => JSON.stringify(circuitJson(c))));
    // The list last, after the extras: the file's readers find the counts first.
    const record = { ...outputResultJson({ ...o, circuits: null }), ...extras?.[i], ...(listed && { circuits: new JsonPieces(() => listPieces(lines())) }) };
    yield i ? ',\n' : '\n';
    yield* jsonPieces(record);
  }
  yield '\n]}\n';
}
