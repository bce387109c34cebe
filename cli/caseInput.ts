/** Reads a case file from disk and turns every problem into one line naming the file and field. */
import { readFile } from 'node:fs/promises';
import { CaseFileError, parseCase, type ParsedCase } from '../shared/case/caseFile.js';
import { UsageError } from './errors.js';

const NON_FINITE = /(?<=[[,:]\s*)(-?Infinity|NaN)(?=\s*[\],}])/g;
const SENTINEL = '\u0000non-finite:';

/** Path of the first value that was a NaN/Infinity token in the file, for a precise message. */
function findSentinel(value: unknown, path: string): { path: string; token: string } | null {
  if (typeof value === 'string' && value.startsWith(SENTINEL)) return { path, token: value.slice(SENTINEL.length) };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findSentinel(value[i], `${path}[${i}]`);
      if (hit) return hit;
    }
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const hit = findSentinel(v, path ? `${path}.${k}` : k);
      if (hit) return hit;
    }
  }
  return null;
}

export function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    // Python's json module writes NaN and Infinity as bare tokens: name the field instead of
    // reporting a syntax error.
    let lenient: unknown;
    try {
      lenient = JSON.parse(text.replace(NON_FINITE, (t) => JSON.stringify(SENTINEL + t)));
    } catch {
      throw new UsageError(`${file}: malformed JSON: ${(err as Error).message}`, { cause: err });
    }
    const hit = findSentinel(lenient, '');
    throw new UsageError(`${file}: ${hit?.path ?? '?'}: expected a finite number, got ${hit?.token ?? 'a non-finite value'}`);
  }
}

export async function readCase(file: string): Promise<ParsedCase> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`${file}: cannot read the case file (${code === 'ENOENT' ? 'no such file' : (code ?? String(err))})`, { cause: err });
  }
  // A model file's bytes would otherwise be reported as a JSON syntax error at their first byte.
  if (!/^\uFEFF?\s*\{/.test(text)) throw new UsageError(`${file}: is not a case file (a JSON object with config, model and data); model files (.pt, .safetensors, JSON models) are read by analyze, show and check with --gates or --data`);
  try {
    return parseCase(parseJson(file, text));
  } catch (err) {
    if (err instanceof CaseFileError) throw new UsageError(`${file}: ${err.message}`, { cause: err });
    throw err;
  }
}
