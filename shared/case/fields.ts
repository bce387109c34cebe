/**
 * Field checks for a decoded case file. Each returns the value narrowed or throws a
 * `CaseFileError` naming the field, what was expected and what was there, e.g.
 * `model.layer_sizes[1]: expected a positive integer, got 0`. Written by hand rather than with a
 * schema library: `analyze` of a small network is over in milliseconds, and loading zod cost
 * more than the whole analysis (bench/startup.bench.ts).
 */

export class CaseFileError extends Error {
  override name = 'CaseFileError';
  constructor(readonly field: string, message: string, options?: { cause?: unknown }) {
    super(field ? `${field}: ${message}` : message, options);
  }
}

export type Fields = Readonly<Record<string, unknown>>;

/** Short description of an offending value for the message. */
function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (typeof v === 'object') return 'an object';
  return String(v);
}

/** `model` + `weights` -> `model.weights`; `weights` + 2 -> `weights[2]`. */
export function at(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

export function expected(path: string, what: string, got: unknown): never {
  throw new CaseFileError(path, `expected ${what}, got ${describe(got)}`);
}

export function object(v: unknown, path: string): Fields {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) expected(path, 'an object', v);
  return v as Fields;
}

/** An array of at least `min` items; `item` names one in the too-short message. */
export function list(v: unknown, path: string, min = 0, item = 'item'): readonly unknown[] {
  if (!Array.isArray(v)) expected(path, 'an array', v);
  if (v.length < min) throw new CaseFileError(path, `expected at least ${min === 1 ? 'one' : min} ${item}${min === 1 ? '' : 's'}`);
  return v;
}

export function finite(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) expected(path, 'a finite number', v);
  return v;
}

export function numberIn(v: unknown, path: string, min: number, max: number): number {
  if (typeof v !== 'number' || !(v >= min && v <= max)) expected(path, `a number in [${min}, ${max}]`, v);
  return v;
}

export function integerIn(v: unknown, path: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const what = max === Number.MAX_SAFE_INTEGER ? (min === 1 ? 'a positive integer' : `an integer >= ${min}`) : `an integer in [${min}, ${max}]`;
  if (!Number.isSafeInteger(v) || (v as number) < min || (v as number) > max) expected(path, what, v);
  return v as number;
}

export function oneOf<T extends string>(v: unknown, path: string, values: readonly T[]): T {
  if (!values.includes(v as T)) expected(path, `one of ${values.map((s) => JSON.stringify(s)).join(', ')}`, v);
  return v as T;
}

/** `check` applied to a field that may be absent. */
export function optional<T>(v: unknown, path: string, check: (v: unknown, path: string) => T): T | undefined {
  return v === undefined ? undefined : check(v, path);
}

/**
 * A number that stays finite as float32, which every weight and sample becomes: 1e39 is a finite
 * JSON number but float32 Infinity, and would be computed as such.
 */
export function float32(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isFinite(Math.fround(v))) expected(path, 'a finite float32 number (|x| < 3.4e38)', v);
  return v;
}

/** Rows of numbers finite as float32; row lengths are checked by the caller, who knows the shape. */
export function matrix(v: unknown, path: string, minRows = 0, row = 'row'): number[][] {
  return list(v, path, minRows, row).map((r, i) => list(r, at(path, i)).map((x, j) => float32(x, at(at(path, i), j))));
}
