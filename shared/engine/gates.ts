/**
 * Gates: the named gates of SEMANTICS.md (the seven two-input ones, and the three-input MAJORITY
 * and PARITY of the authors' code) and any truth table written `tt:` + its outputs on the input
 * patterns in lexicographic order (`tt:01101001` is three-input parity). The length of a table
 * (4, 8 or 16) sets its arity (2, 3 or 4). A gate's table is a bitmask over its 2^arity patterns:
 * bit p is the output on pattern p, input 0 (variable A) being the most significant bit of p.
 *
 * `parseGateList` is the one parser of user-written gate lists (flags); `isGate` checks a name
 * that crosses a boundary (case files, wire messages), which must already be canonical.
 */
import { gateNames, type Gate, type NamedGate } from './types.js';

/** A gate list or name the user can fix: the CLI prints it on one line (exit 2). */
export class GateError extends RangeError {
  override name = 'GateError';
}

/** Arities a gate may have: `tt:` tables of 4, 8 or 16 outputs. */
export const GATE_ARITIES: readonly number[] = Object.freeze([2, 3, 4]);
export const TRUTH_TABLE_PREFIX = 'tt:';

type Bits = readonly number[];
const NAMED: Record<NamedGate, { readonly arity: number; readonly fn: (x: Bits) => number }> = {
  AND: { arity: 2, fn: ([a, b]) => a! & b! },
  OR: { arity: 2, fn: ([a, b]) => a! | b! },
  IMP: { arity: 2, fn: ([a, b]) => (1 - a!) | b! },
  NAND: { arity: 2, fn: ([a, b]) => 1 - (a! & b!) },
  NOR: { arity: 2, fn: ([a, b]) => 1 - (a! | b!) },
  NIMP: { arity: 2, fn: ([a, b]) => a! & (1 - b!) },
  XOR: { arity: 2, fn: ([a, b]) => a! ^ b! },
  // The authors' three-input gates: at least two of three on; an odd number on. Together: a full adder.
  MAJORITY: { arity: 3, fn: ([a, b, c]) => Number(a! + b! + c! >= 2) },
  PARITY: { arity: 3, fn: ([a, b, c]) => a! ^ b! ^ c! },
};

export interface GateSpec {
  /** Canonical name: a named gate in capitals, or `tt:` and the table's bits. */
  readonly name: Gate;
  /** Inputs (variables A, B, ...): 2, 3 or 4. */
  readonly arity: number;
  /** Bit p = output on input pattern p (lexicographic, input 0 the most significant bit). */
  readonly table: number;
}

/** Bits of pattern `p` among 2^n, input 0 first (the most significant). */
export function patternBits(p: number, n: number): number[] {
  return Array.from({ length: n }, (_, j) => (p >>> (n - 1 - j)) & 1);
}

const EXPECTED = `${gateNames.join(', ')} or tt: followed by 4, 8 or 16 outputs (0 or 1)`;
const specs = new Map<string, GateSpec>();

function truthTableSpec(text: string, bits: string): GateSpec {
  if (!/^[01]*$/.test(bits)) throw new GateError(`gate '${text}': a truth table holds only 0 and 1`);
  const arity = GATE_ARITIES.find((n) => 2 ** n === bits.length);
  if (arity === undefined) throw new GateError(`gate '${text}': a truth table has 4, 8 or 16 outputs (2, 3 or 4 inputs), got ${bits.length}`);
  let table = 0;
  for (let p = 0; p < bits.length; p++) if (bits[p] === '1') table |= 1 << p;
  return { name: `${TRUTH_TABLE_PREFIX}${bits}`, arity, table };
}

/** The gate a user wrote (named gates in any case, `tt:` tables), canonical; throws GateError. */
export function gateSpec(text: string): GateSpec {
  let spec = specs.get(text);
  if (spec) return spec;
  const trimmed = text.trim();
  if (trimmed.toLowerCase().startsWith(TRUTH_TABLE_PREFIX)) spec = truthTableSpec(trimmed, trimmed.slice(TRUTH_TABLE_PREFIX.length));
  else {
    const name = trimmed.toUpperCase() as NamedGate;
    const named = Object.hasOwn(NAMED, name) ? NAMED[name] : undefined;
    if (!named) throw new GateError(`unknown gate '${trimmed}' (expected ${EXPECTED})`);
    let table = 0;
    for (let p = 0; p < 2 ** named.arity; p++) if (named.fn(patternBits(p, named.arity))) table |= 1 << p;
    spec = { name, arity: named.arity, table };
  }
  specs.set(text, spec);
  return spec;
}

/** Whether `v` is a gate's canonical name (as case files and messages must carry it). */
export function isGate(v: unknown): v is Gate {
  if (typeof v !== 'string') return false;
  try {
    return gateSpec(v).name === v;
  } catch (err) {
    if (err instanceof GateError) return false;
    throw err;
  }
}

/** Why `v` is not a canonical gate name, for the boundary checks' messages. */
export function gateNameProblem(v: unknown): string {
  if (typeof v !== 'string') return `unknown gate ${JSON.stringify(v)} (expected ${EXPECTED})`;
  try {
    const { name } = gateSpec(v);
    return `gate ${JSON.stringify(v)} must be written ${JSON.stringify(name)}`;
  } catch (err) {
    if (err instanceof GateError) return err.message.replace(`'${v.trim()}'`, JSON.stringify(v));
    throw err;
  }
}

/** The one input count of `gates`, which share one network; throws GateError when they differ. */
export function commonArity(gates: readonly Gate[]): number {
  const [first, ...rest] = gates.map(gateSpec);
  if (!first) throw new GateError('expected at least one gate');
  const other = rest.find((g) => g.arity !== first.arity);
  if (other) {
    throw new GateError(`gates ${first.name} (${first.arity} inputs) and ${other.name} (${other.arity} inputs) cannot share one network: every gate of a network takes the same inputs`);
  }
  return first.arity;
}

/**
 * A comma-separated gate list as users write it (`XOR,AND`, `parity,majority`, `tt:01101001`):
 * canonical specs, all of one arity (they share one network) unless `mixedArities` (a study with
 * one network per gate checks that itself). Throws GateError naming the first bad entry.
 */
export function parseGateList(text: string, options: { readonly mixedArities?: boolean } = {}): GateSpec[] {
  const specsOf = text.split(',').map((s) => s.trim()).filter(Boolean).map(gateSpec);
  if (specsOf.length === 0) throw new GateError('expected at least one gate');
  if (!options.mixedArities) commonArity(specsOf.map((g) => g.name));
  return specsOf;
}

export function gateArity(gate: Gate): number {
  return gateSpec(gate).arity;
}

/** Table over the 2^arity patterns (bit p = output on pattern p, input 0 the most significant bit of p). */
export function gateTable(gate: Gate): number {
  return gateSpec(gate).table;
}

/** The gate's output on `bits` = [A, B, ...], one 0/1 per input. */
export function gateOutput(gate: Gate, bits: readonly number[]): 0 | 1 {
  const { arity, table } = gateSpec(gate);
  if (bits.length !== arity) throw new RangeError(`gate ${gate} takes ${arity} bits, got ${bits.length}`);
  let p = 0;
  for (const b of bits) {
    if (b !== 0 && b !== 1) throw new RangeError(`gate inputs must be 0 or 1, got [${bits.join(', ')}]`);
    p = (p << 1) | b;
  }
  return ((table >>> p) & 1) as 0 | 1;
}
