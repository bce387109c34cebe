/**
 * `--data FILE`: the user's own samples for a model file. CSV (csv-parse): one row per sample,
 * the model's input columns first, then one target column per output; a first row that is not
 * all numbers is a header and names the columns. The delimiter is read off the first line that
 * is not a `#` comment: a comma, else a tab, else a semicolon, else runs of spaces (what
 * `np.savetxt` writes). JSON: `{"x": [[...], ...], "y": [[...], ...]}` (the case file's
 * `x_val`/`y_val` shapes; `y` may be a flat list for one output). The same samples are the
 * circuit-search set and the grounding set.
 */
import { readFile } from 'node:fs/promises';
import { parse, type Options } from 'csv-parse/sync';
import type { Dataset } from '../shared/engine/types.js';
import { parseJson } from './caseInput.js';
import { UsageError } from './errors.js';

export interface UserData {
  readonly data: Dataset;
  /** Target column names (from a CSV header), else `target 0`, `target 1`, ... */
  readonly targetNames: string[];
  /** Where each target column is in the file, for messages: `column 3 ("xor")`, `y[*][0]`. */
  readonly targetColumns: string[];
}

/**
 * Only decimal numbers: `Number()` alone would read `0x1`, `0b1`, `0o0`, `Infinity` and
 * whitespace as numbers, none of which a researcher's export means as a sample value.
 */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A cell's number: a decimal, or `true`/`false` in any case (exported boolean columns); else null. */
export function cellNumber(v: unknown): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v !== 'string') return null;
  const s = v.trim();
  if (DECIMAL.test(s)) return Number(s);
  const lower = s.toLowerCase();
  return lower === 'true' ? 1 : lower === 'false' ? 0 : null;
}

interface Row {
  readonly cells: unknown[];
  /** Names the row in messages (`line 3`, `sample 2`). */
  readonly where: string;
  /** Names cell j of the row in messages. */
  readonly cell: (j: number) => string;
}

function fromRows(file: string, rows: readonly Row[], nIn: number, nOut: number): Dataset {
  if (rows.length === 0) throw new UsageError(`${file}: holds no samples`);
  const x = new Float32Array(rows.length * nIn);
  const y = new Float32Array(rows.length * nOut);
  rows.forEach(({ cells, where, cell }, i) => {
    if (cells.length !== nIn + nOut) throw new UsageError(`${file}: ${where}: expected ${nIn + nOut} columns (${nIn} inputs of the model, then ${nOut} target${nOut === 1 ? '' : 's'}), got ${cells.length}`);
    cells.forEach((v, j) => {
      const n = cellNumber(v);
      if (n === null || !Number.isFinite(n)) throw new UsageError(`${file}: ${cell(j)}: expected a finite decimal number (or true/false), got ${JSON.stringify(v)}`);
      if (j < nIn) x[i * nIn + j] = n;
      // A circuit is right when its rounded output equals the target: a soft target never is.
      else if (!Number.isInteger(n)) throw new UsageError(`${file}: ${cell(j)}: target ${String(v).trim()} is not an integer; a sample counts as right when the rounded output equals its target, so no circuit could ever match it (give 0/1 targets)`);
      else y[i * nOut + j - nIn] = n;
    });
  });
  return { n: rows.length, nIn, nOut, x, y };
}

/** A CSV record with its line in the file. */
interface CsvRecord {
  readonly line: number;
  readonly cells: string[];
}

type Dialect = 'comma' | 'tab' | 'semicolon' | 'spaces';

/** The delimiter of the first line that holds data (or the header): not empty, not a `#` comment. */
export function csvDialect(text: string): Dialect {
  const first = text.split(/\r?\n/).find((l) => l.trim() !== '' && !l.trimStart().startsWith('#')) ?? '';
  return first.includes(',') ? 'comma' : first.includes('\t') ? 'tab' : first.includes(';') ? 'semicolon' : 'spaces';
}

const DELIMITERS: Record<Dialect, string> = { comma: ',', tab: '\t', semicolon: ';', spaces: ' ' };

function readCsv(file: string, text: string, nIn: number, nOut: number): UserData {
  const dialect = csvDialect(text);
  // Each record keeps its line in the file, so that messages name it past comments and blank
  // lines; widths are checked here (relax_column_count), one message for every dialect. Runs of
  // spaces are one delimiter: the empty fields between them are dropped.
  const options: Options<CsvRecord, string[]> = {
    delimiter: DELIMITERS[dialect],
    skip_empty_lines: true,
    trim: true,
    comment: '#',
    relax_column_count: true,
    on_record: (record: string[], { lines }) => ({ line: lines, cells: dialect === 'spaces' ? record.filter((c) => c !== '') : record }),
  };
  let records: CsvRecord[];
  try {
    // csv-parse types a transformed record only together with `columns`; on_record makes these.
    records = parse(text, options as unknown as Options) as unknown as CsvRecord[];
  } catch (err) {
    throw new UsageError(`${file}: malformed CSV: ${(err as Error).message}`, { cause: err });
  }
  const first = records[0];
  // The header rule reads cells as the samples are read: a row that is all numbers is a sample.
  const header = first && first.cells.some((c) => cellNumber(c) === null) ? first.cells : null;
  const body = header ? records.slice(1) : records;
  const rows = body.map(({ line, cells }): Row => ({ cells, where: `line ${line}`, cell: (j) => `line ${line} column ${j + 1}` }));
  const data = fromRows(file, rows, nIn, nOut);
  const named = header !== null && header.length === nIn + nOut;
  const targetNames = named ? header.slice(nIn) : Array.from({ length: nOut }, (_, o) => `target ${o}`);
  const targetColumns = Array.from({ length: nOut }, (_, o) => `column ${nIn + o + 1}${named ? ` (${JSON.stringify(header[nIn + o])})` : ''}`);
  return { data, targetNames, targetColumns };
}

function readJson(file: string, text: string, nIn: number, nOut: number): UserData {
  const json = parseJson(file, text) as { x?: unknown; y?: unknown } | null;
  if (!json || typeof json !== 'object' || !Array.isArray(json.x) || !Array.isArray(json.y)) throw new UsageError(`${file}: expected {"x": [[inputs], ...], "y": [[targets], ...]}`);
  const { x, y } = json as { x: unknown[]; y: unknown[] };
  if (x.length !== y.length) throw new UsageError(`${file}: y: expected ${x.length} rows like x, got ${y.length}`);
  const rows = x.map((r, i): Row => {
    // One output: numpy's `y.tolist()` of a 1-D target vector is a flat list.
    const yi = nOut === 1 && !Array.isArray(y[i]) ? [y[i]] : y[i];
    if (!Array.isArray(r)) throw new UsageError(`${file}: x[${i}]: expected an array of ${nIn} inputs`);
    if (!Array.isArray(yi)) throw new UsageError(`${file}: y[${i}]: expected an array of ${nOut} targets`);
    if (r.length !== nIn) throw new UsageError(`${file}: x[${i}]: expected ${nIn} inputs (the model's), got ${r.length}`);
    if (yi.length !== nOut) throw new UsageError(`${file}: y[${i}]: expected ${nOut} targets (one per output), got ${yi.length}`);
    const flat = nOut === 1 && !Array.isArray(y[i]);
    return { cells: [...r, ...yi], where: `sample ${i}`, cell: (j) => (j < nIn ? `x[${i}][${j}]` : flat ? `y[${i}]` : `y[${i}][${j - nIn}]`) + ` (sample ${i})` };
  });
  return {
    data: fromRows(file, rows, nIn, nOut),
    targetNames: Array.from({ length: nOut }, (_, o) => `target ${o}`),
    targetColumns: Array.from({ length: nOut }, (_, o) => `y[*][${o}]`),
  };
}

/** UTF-16 (either byte order, with its BOM) or a binary file: a NUL byte never occurs in UTF-8 text. */
function notUtf8Text(bytes: Uint8Array): boolean {
  const [a, b] = bytes;
  return (a === 0xff && b === 0xfe) || (a === 0xfe && b === 0xff) || bytes.includes(0);
}

export async function readUserData(file: string, nIn: number, nOut: number): Promise<UserData> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`--data ${file}: cannot read the file (${code === 'ENOENT' ? 'no such file' : (code ?? String(err))})`, { cause: err });
  }
  if (notUtf8Text(bytes)) throw new UsageError(`--data ${file}: is UTF-16 (or binary): save it as UTF-8 CSV (or JSON)`);
  // TextDecoder drops a UTF-8 BOM (Excel's "CSV UTF-8" writes one).
  const text = new TextDecoder().decode(bytes);
  return text.trimStart().startsWith('{') ? readJson(file, text, nIn, nOut) : readCsv(file, text, nIn, nOut);
}
