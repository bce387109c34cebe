/**
 * `--data FILE`: the user's own samples for a model file. CSV (csv-parse): one row per sample,
 * the model's input columns first, then one target column per output; a first row that is not
 * all numbers is a header and names the columns. JSON: `{"x": [[...], ...], "y": [[...], ...]}`
 * (the case file's `x_val`/`y_val` shapes). The same samples are the circuit-search set and the
 * grounding set.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { Dataset } from '../shared/engine/types.js';
import { parseJson } from './caseInput.js';
import { UsageError } from './errors.js';

export interface UserData {
  readonly data: Dataset;
  /** Target column names (from a CSV header), else `target 0`, `target 1`, ... */
  readonly targetNames: string[];
}

function numberAt(file: string, where: string, v: unknown): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  if (!Number.isFinite(n)) throw new UsageError(`${file}: ${where}: expected a finite number, got ${JSON.stringify(v)}`);
  return n;
}

function fromRows(file: string, rows: unknown[][], nIn: number, nOut: number, rowName: (i: number) => string): Dataset {
  if (rows.length === 0) throw new UsageError(`${file}: holds no samples`);
  const x = new Float32Array(rows.length * nIn);
  const y = new Float32Array(rows.length * nOut);
  rows.forEach((row, i) => {
    if (row.length !== nIn + nOut) throw new UsageError(`${file}: ${rowName(i)}: expected ${nIn + nOut} columns (${nIn} inputs of the model, then ${nOut} target${nOut === 1 ? '' : 's'}), got ${row.length}`);
    row.forEach((v, j) => {
      const n = numberAt(file, `${rowName(i)} column ${j + 1}`, v);
      if (j < nIn) x[i * nIn + j] = n;
      else y[i * nOut + j - nIn] = n;
    });
  });
  return { n: rows.length, nIn, nOut, x, y };
}

function readCsv(file: string, text: string, nIn: number, nOut: number): UserData {
  let rows: string[][];
  try {
    rows = parse(text, { skip_empty_lines: true, trim: true, comment: '#' }) as string[][];
  } catch (err) {
    throw new UsageError(`${file}: malformed CSV: ${(err as Error).message}`, { cause: err });
  }
  const header = rows[0] && rows[0].some((c) => c.trim() === '' || !Number.isFinite(Number(c))) ? rows[0] : null;
  const body = header ? rows.slice(1) : rows;
  const offset = header ? 2 : 1;
  const data = fromRows(file, body, nIn, nOut, (i) => `line ${i + offset}`);
  const targetNames = header && header.length === nIn + nOut ? header.slice(nIn) : Array.from({ length: nOut }, (_, o) => `target ${o}`);
  return { data, targetNames };
}

function readJson(file: string, text: string, nIn: number, nOut: number): UserData {
  const json = parseJson(file, text) as { x?: unknown; y?: unknown } | null;
  if (!json || typeof json !== 'object' || !Array.isArray(json.x) || !Array.isArray(json.y)) throw new UsageError(`${file}: expected {"x": [[inputs], ...], "y": [[targets], ...]}`);
  const { x, y } = json as { x: unknown[]; y: unknown[] };
  if (x.length !== y.length) throw new UsageError(`${file}: y: expected ${x.length} rows like x, got ${y.length}`);
  const rows = x.map((r, i) => {
    const yi = y[i];
    if (!Array.isArray(r)) throw new UsageError(`${file}: x[${i}]: expected an array of ${nIn} inputs`);
    if (!Array.isArray(yi)) throw new UsageError(`${file}: y[${i}]: expected an array of ${nOut} targets`);
    if (r.length !== nIn) throw new UsageError(`${file}: x[${i}]: expected ${nIn} inputs (the model's), got ${r.length}`);
    if (yi.length !== nOut) throw new UsageError(`${file}: y[${i}]: expected ${nOut} targets (one per output), got ${yi.length}`);
    return [...r, ...yi] as unknown[];
  });
  return { data: fromRows(file, rows, nIn, nOut, (i) => `sample ${i}`), targetNames: Array.from({ length: nOut }, (_, o) => `target ${o}`) };
}

export async function readUserData(file: string, nIn: number, nOut: number): Promise<UserData> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`--data ${file}: cannot read the file (${code === 'ENOENT' ? 'no such file' : (code ?? String(err))})`, { cause: err });
  }
  return text.trimStart().startsWith('{') ? readJson(file, text, nIn, nOut) : readCsv(file, text, nIn, nOut);
}
