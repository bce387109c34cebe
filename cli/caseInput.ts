/** JSON text of a case, model or data file, with NaN/Infinity tokens reported by field on one line. */
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
