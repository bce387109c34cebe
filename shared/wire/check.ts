/**
 * Primitive field checks for decoded wire data. Each takes the value and its dotted path and
 * either returns the value narrowed or throws a WireError naming the path, what was expected and
 * what arrived, e.g. `shard.spec.start: expected a non-negative integer, got -1`.
 */
import { WireError } from './errors.js';

export type Rec = Readonly<Record<string, unknown>>;

/** Short, safe description of an offending value for the error text. */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'nothing';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (ArrayBuffer.isView(v)) return `a ${v.constructor.name} of ${v.byteLength} bytes`;
  return `a ${(v as object).constructor?.name ?? 'null-prototype object'}`;
}

export function fail(path: string, expected: string, got: unknown): never {
  throw new WireError(`${path}: expected ${expected}, got ${describe(got)}`);
}

export function record(v: unknown, path: string): Rec {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || ArrayBuffer.isView(v)) {
    fail(path, 'an object', v);
  }
  return v as Rec;
}

export function array(v: unknown, path: string): readonly unknown[] {
  if (!Array.isArray(v)) fail(path, 'an array', v);
  return v;
}

export function string(v: unknown, path: string): string {
  if (typeof v !== 'string') fail(path, 'a string', v);
  return v;
}

export function nonEmptyString(v: unknown, path: string): string {
  if (typeof v !== 'string' || v.length === 0) fail(path, 'a non-empty string', v);
  return v;
}

export function boolean(v: unknown, path: string): boolean {
  if (typeof v !== 'boolean') fail(path, 'a boolean', v);
  return v;
}

export function finite(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(path, 'a finite number', v);
  return v;
}

export function nonNegative(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) fail(path, 'a non-negative number', v);
  return v;
}

export function positive(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) fail(path, 'a positive number', v);
  return v;
}

export function unit(v: unknown, path: string): number {
  if (typeof v !== 'number' || !(v >= 0 && v <= 1)) fail(path, 'a number in [0, 1]', v);
  return v;
}

export function integer(v: unknown, path: string): number {
  if (!Number.isSafeInteger(v)) fail(path, 'an integer', v);
  return v as number;
}

export function nonNegativeInt(v: unknown, path: string): number {
  if (!Number.isSafeInteger(v) || (v as number) < 0) fail(path, 'a non-negative integer', v);
  return v as number;
}

export function positiveInt(v: unknown, path: string): number {
  if (!Number.isSafeInteger(v) || (v as number) < 1) fail(path, 'a positive integer', v);
  return v as number;
}

export function oneOf<T extends string>(v: unknown, allowed: readonly T[], path: string): T {
  if (!allowed.includes(v as T)) fail(path, `one of ${allowed.map((a) => `"${a}"`).join(', ')}`, v);
  return v as T;
}

export function literal<T extends string | number>(v: unknown, want: T, path: string): T {
  if (v !== want) fail(path, typeof want === 'string' ? `"${want}"` : String(want), v);
  return want;
}

export function nullable<T>(v: unknown, path: string, check: (v: unknown, path: string) => T): T | null {
  return v === null ? null : check(v, path);
}

/** A real Float32Array of the given length with only finite values (no NaN weights). */
export function float32(v: unknown, length: number, path: string): Float32Array {
  if (!(v instanceof Float32Array)) fail(path, 'a Float32Array', v);
  if (v.length !== length) {
    throw new WireError(`${path}: expected a Float32Array of length ${length}, got length ${v.length}`);
  }
  for (let i = 0; i < v.length; i++) {
    if (!Number.isFinite(v[i])) fail(`${path}[${i}]`, 'a finite number', v[i]);
  }
  return v;
}

export function arrayOf<T>(v: unknown, path: string, item: (v: unknown, path: string) => T): T[] {
  return array(v, path).map((x, i) => item(x, `${path}[${i}]`));
}
