/**
 * The dense dot products of pairSums.ts in WebAssembly SIMD (pairKernel.wat): on this machine 9-10
 * billion multiply-adds a second against 1.6-2.5 for the same loop in JavaScript, whose typed-array
 * reads are bounds-checked and one float64 wide. Their narrow form (`two16`, `rows16n`: int16
 * operands, int32 sums) does eight multiply-adds an instruction where float64 does two; on XOR
 * k = 6, where every operand fits, it took the heaviest slice from 22.5 to 12.9 s. The operands
 * live in the kernel's own memory, a Float64Array view of which the caller fills; sums come back
 * in `sums`. Pure and synchronous: the module is compiled once per thread from bytes held in
 * pairKernelBytes.ts.
 */
import { PAIR_KERNEL_BASE64 } from './pairKernelBytes.js';
import { WASM_PAGE, wasmOpener } from './wasmModule.js';

interface KernelExports {
  readonly two: (u0: number, u1: number, g0: number, g1: number, g2: number, g3: number, len: number, out: number) => void;
  readonly one: (u0: number, g0: number, g1: number, g2: number, g3: number, len: number, out: number) => void;
  readonly dot: (u0: number, g0: number, len: number, out: number) => void;
  readonly rows: (idx: number, val: number, len: number, mat: number, stride: number, blocks: number, out: number) => void;
  readonly gather: (idx: number, val: number, len: number, mat: number, stride: number, cols: number, out: number, scaled: number) => void;
  readonly scale: (idx: number, val: number, len: number, a: number, outIdx: number, outVal: number) => number;
  readonly two16: (u0: number, u1: number, g0: number, g1: number, g2: number, g3: number, len: number, out: number) => void;
  readonly one16: (u0: number, g0: number, g1: number, g2: number, g3: number, len: number, out: number) => void;
  readonly dot16: (u0: number, g0: number, len: number, out: number) => void;
  readonly rows16n: (idx: number, val: number, len: number, mat16: number, stride16: number, blocks: number, out: number) => void;
  readonly gather16: (idx: number, val: number, len: number, mat: number, stride: number, cols: number, out: number, scaled: number, step: number) => void;
}

/** Float64s at the start of the memory where the sums are written. */
const OUT = 8;

/** 1 MiB to start with: a heavy k = 6 subtree needs about 1.6 MB. */
const MIN_PAGES = 16;

const openKernel = wasmOpener<KernelExports>(PAIR_KERNEL_BASE64);

/** An instance of the kernel over a new memory of `pages` pages. */
function open(pages: number): { ex: KernelExports; f64: Float64Array; i32: Int32Array; i16: Int16Array } {
  const { exports, buffer } = openKernel(pages);
  return { ex: exports, f64: new Float64Array(buffer), i32: new Int32Array(buffer), i16: new Int16Array(buffer) };
}

/**
 * The narrow form's limits: operands of at most NARROW_MAX in magnitude (an int16's, -2^15 left
 * out so that no product or pair sum of int16s overflows), and sums bounded below NARROW_SUMS
 * (2^31 halved for the roundings of the bound).
 */
export const NARROW_MAX = 2 ** 15 - 1;
export const NARROW_SUMS = 2 ** 30;

export class PairKernel {
  private ex: KernelExports;
  /** The whole memory; operands from element `base` on. Replaced when more room is needed. */
  f64: Float64Array;
  /** The same memory as int32s: element 2e is where float64 element e starts. */
  i32: Int32Array;
  /** The same memory as int16s (the narrow form's rows and matrices): element 4e is where float64 element e starts. */
  i16: Int16Array;
  /** The last call's sums: row by row, four per row. */
  sums: Float64Array;
  readonly base = OUT;

  constructor() {
    const { ex, f64, i32, i16 } = open(MIN_PAGES);
    this.ex = ex;
    this.f64 = f64;
    this.i32 = i32;
    this.i16 = i16;
    this.sums = f64.subarray(0, OUT);
  }

  /**
   * Room for `values` float64 operands after `base` (the views are renewed when it was short);
   * with `keep`, what the old memory held up to element `keep` is copied over.
   */
  reserve(values: number, keep = 0): void {
    const need = (OUT + values) * 8;
    if (need <= this.f64.byteLength) return;
    // A new memory and instance, never memory.grow (wasmModule.ts).
    const { ex, f64, i32, i16 } = open(Math.max(MIN_PAGES, Math.ceil(need / WASM_PAGE)));
    if (keep > 0) f64.set(this.f64.subarray(0, keep));
    this.ex = ex;
    this.f64 = f64;
    this.i32 = i32;
    this.i16 = i16;
    this.sums = f64.subarray(0, OUT);
  }

  /** Rows at u0, u1 against columns at g0..g3 (element offsets), len terms: sums[0..8). */
  two(u0: number, u1: number, g0: number, g1: number, g2: number, g3: number, len: number): void {
    this.ex.two(u0 * 8, u1 * 8, g0 * 8, g1 * 8, g2 * 8, g3 * 8, len, 0);
  }

  /** Row at u0 against columns at g0..g3: sums[0..4). */
  one(u0: number, g0: number, g1: number, g2: number, g3: number, len: number): void {
    this.ex.one(u0 * 8, g0 * 8, g1 * 8, g2 * 8, g3 * 8, len, 0);
  }

  /** Row at u0 against the column at g0: sums[0]. */
  dot(u0: number, g0: number, len: number): number {
    this.ex.dot(u0 * 8, g0 * 8, len, 0);
    return this.sums[0] as number;
  }

  /**
   * Sparse terms (indices from int32 element `idx`, values from float64 element `val`, `len` of
   * them) against a matrix at float64 element `mat` of `blocks` * 8 columns a row: the column sums
   * at float64 elements out..out + blocks * 8.
   */
  rows(idx: number, val: number, len: number, mat: number, blocks: number, out: number): void {
    this.ex.rows(idx * 4, val * 8, len, mat * 8, blocks * 64, blocks, out * 8);
  }

  /**
   * Sparse terms (indices from int32 element `idx`, values from float64 element `val`) times the
   * vector at float64 element `a` at their indices, the products that are not 0 written from
   * `outIdx` / `outVal` (which may be `idx` / `val`): how many, their sum of magnitudes in
   * `sums[0]`, both as termList.ts `scaleTerms` gives them, and their largest magnitude in `sums[1]`.
   */
  scale(idx: number, val: number, len: number, a: number, outIdx: number, outVal: number): number {
    return this.ex.scale(idx * 4, val * 8, len, a * 8, outIdx * 4, outVal * 8);
  }

  /**
   * Columns 0..cols of the matrix at `mat` (`width` float64s a row) at the terms' indices, one
   * after another from `out` (column c's entry for term i at out + c * len + i); with `scaled`,
   * times the terms' values.
   */
  gather(idx: number, val: number, len: number, mat: number, width: number, cols: number, out: number, scaled: boolean): void {
    this.ex.gather(idx * 4, val * 8, len, mat * 8, width * 8, cols, out * 8, scaled ? 1 : 0);
  }

  /**
   * The narrow form (int16 rows, offsets and lengths in int16 elements; `len` a multiple of 8): the
   * same sums as two, one and dot, exact where every operand fits an int16 and every partial sum an
   * int32 (pairSums.ts checks that before it gathers such rows).
   */
  two16(u0: number, u1: number, g0: number, g1: number, g2: number, g3: number, len: number): void {
    this.ex.two16(u0 * 2, u1 * 2, g0 * 2, g1 * 2, g2 * 2, g3 * 2, len * 2, 0);
  }

  one16(u0: number, g0: number, g1: number, g2: number, g3: number, len: number): void {
    this.ex.one16(u0 * 2, g0 * 2, g1 * 2, g2 * 2, g3 * 2, len * 2, 0);
  }

  dot16(u0: number, g0: number, len: number): number {
    this.ex.dot16(u0 * 2, g0 * 2, len * 2, 0);
    return this.sums[0] as number;
  }

  /**
   * `gather` into int16 rows: column c's entry for term i at int16 element out + c * step + i, and
   * entries len..step of each column zero. Every product must be an integer of at most 2^15 - 1 in
   * magnitude (a larger one would be clipped).
   */
  gather16(idx: number, val: number, len: number, mat: number, width: number, cols: number, out: number, scaled: boolean, step: number): void {
    this.ex.gather16(idx * 4, val * 8, len, mat * 8, width * 8, cols, out * 2, scaled ? 1 : 0, step * 2);
  }

  /**
   * `rows` over the int16 copy of the matrix at int16 element `mat16` (`width` int16s a row): the
   * same sums, exact where every term's value and every entry is at most NARROW_MAX in magnitude
   * and the terms' sum of magnitudes times the largest entry is below NARROW_SUMS.
   */
  rows16n(idx: number, val: number, len: number, mat16: number, width: number, out: number): void {
    this.ex.rows16n(idx * 4, val * 8, len, mat16 * 2, width * 2, width / 8, out * 8);
  }
}
