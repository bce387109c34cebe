/**
 * A grounding distribution's entries as text, `[count, circuits]` joined, in pieces of about a
 * megabyte. The general path (`distributionEntries` tuples, `countJson`, `JSON.stringify` per
 * number, a string per entry) cost about 1.8 us an entry on this machine, much of it the collector:
 * a k = 6 distribution has 8.4 million entries, and writing it was most of the 13-14 s end of such
 * a run, on the coordinator's thread after the workers were done. This loop reads the packed arrays
 * in place and writes each number's digits into a byte buffer, one string per piece.
 *
 * The digits are countJson's: a count up to 2^53 - 1 as a plain integer, larger ones exactly,
 * through BigInt (String(1e27) would be '1e+27'), quoted when `quote` (JSON: no reader rounds
 * them) and bare otherwise (Python's ints).
 */
import { numComesNext, type PackedDistribution } from '../shared/engine/packedDistribution.js';

export interface EntryFormat {
  /** Large counts as JSON strings ("1000000000000000000000") rather than bare digits. */
  readonly quote: boolean;
  /** Between the count and its circuits, and between two entries (ASCII). */
  readonly inner: string;
  readonly between: string;
}

const SAFE = Number.MAX_SAFE_INTEGER;
const PIECE_BYTES = 1 << 20;
/**
 * Room kept free in a piece for one more entry: a float64's digits (at most 309) and the rest. A
 * bigint count can be longer (no float64 holds it, and the plain DP's counts have no bound): its
 * digits then go out as a piece of their own.
 */
const ENTRY_ROOM = 512;
const QUOTE = 0x22;
const OPEN = 0x5b;
const CLOSE = 0x5d;

/** Writes a non-negative integer below 2^53 at `at`; returns the end. */
function writeSafe(buf: Buffer, at: number, v: number): number {
  let end = at;
  do {
    const q = Math.floor(v / 10);
    buf[end++] = 48 + (v - q * 10);
    v = q;
  } while (v > 0);
  for (let a = at, b = end - 1; a < b; a++, b--) {
    const d = buf[a] as number;
    buf[a] = buf[b] as number;
    buf[b] = d;
  }
  return end;
}

function writeBytes(buf: Buffer, at: number, bytes: Uint8Array): number {
  for (let k = 0; k < bytes.length; k++) buf[at++] = bytes[k] as number;
  return at;
}

function writeDigits(buf: Buffer, at: number, digits: string, quote: boolean): number {
  if (quote) buf[at++] = QUOTE;
  at += buf.write(digits, at, 'latin1');
  if (quote) buf[at++] = QUOTE;
  return at;
}

/** The entries in ascending order of count (the two packed parts interleaved); `pieceBytes` for tests. */
export function* distributionText(g: PackedDistribution, f: EntryFormat, pieceBytes = PIECE_BYTES): Generator<string> {
  const { num, numCircuits, big, bigCircuits } = g;
  const { quote } = f;
  const inner = Buffer.from(f.inner, 'latin1');
  const between = Buffer.from(f.between, 'latin1');
  const buf = Buffer.allocUnsafe(pieceBytes);
  let at = 0;
  let i = 0;
  let j = 0;
  while (i < num.length || j < big.length) {
    if (i + j > 0) at = writeBytes(buf, at, between);
    buf[at++] = OPEN;
    let circuits: number;
    if (numComesNext(num, i, big, j)) {
      const v = num[i] as number;
      at = v <= SAFE ? writeSafe(buf, at, v) : writeDigits(buf, at, BigInt(v).toString(), quote);
      circuits = numCircuits[i++] as number;
    } else {
      // No float64 holds a count of `big`, so it is past 2^53: always digits through BigInt.
      const digits = (big[j] as bigint).toString();
      if (digits.length + ENTRY_ROOM <= pieceBytes - at) at = writeDigits(buf, at, digits, quote);
      else {
        // Too long for this piece's room (the loop keeps ENTRY_ROOM free, so the quote fits).
        if (quote) buf[at++] = QUOTE;
        yield buf.toString('latin1', 0, at);
        yield digits;
        at = 0;
        if (quote) buf[at++] = QUOTE;
      }
      circuits = bigCircuits[j++] as number;
    }
    at = writeBytes(buf, at, inner);
    at = writeSafe(buf, at, circuits);
    buf[at++] = CLOSE;
    if (at > pieceBytes - ENTRY_ROOM) {
      yield buf.toString('latin1', 0, at);
      at = 0;
    }
  }
  if (at > 0) yield buf.toString('latin1', 0, at);
}
