/**
 * A small seeded PRNG: sfc32 (Chris Doty-Humphrey's Small Fast Counting generator) whose
 * 128-bit state is filled by splitmix32 from a number seed and a stream id. Independent
 * streams (init, data, shuffle) come from one seed through different stream ids, so adding
 * a draw to one stream never shifts another.
 */

const UINT32 = 0x1_0000_0000;
const TWO_POW_53 = 2 ** 53;
/** Rounds of sfc32 thrown away after seeding, as its author recommends, to mix the state. */
const WARMUP_ROUNDS = 12;

/** One splitmix32 step: returns the next state and a well-mixed 32-bit output. */
function splitmix32(state: number): [next: number, out: number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return [next, (z ^ (z >>> 15)) >>> 0];
}

export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  /** Second Box-Muller value, kept for the next `normal()` call (NaN when none). */
  private spareNormal = Number.NaN;

  /** `seed` is any safe integer (negative too); `stream` picks an independent sequence. */
  constructor(seed: number, stream = 0) {
    if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
    if (!Number.isInteger(stream) || stream < 0 || stream >= UINT32) {
      throw new RangeError(`stream must be an integer in [0, 2^32), got ${stream}`);
    }
    // Fold the high and low 32 bits of the seed and the stream id into the splitmix state.
    const lo = seed >>> 0;
    const hi = Math.floor(seed / UINT32) >>> 0;
    let s = lo;
    let out: number;
    [s, out] = splitmix32(s ^ Math.imul(hi, 0x85ebca6b));
    s = (s ^ out ^ Math.imul(stream, 0xc2b2ae35)) | 0;
    [s, this.a] = splitmix32(s);
    [s, this.b] = splitmix32(s);
    [s, this.c] = splitmix32(s);
    [s, this.d] = splitmix32(s);
    for (let i = 0; i < WARMUP_ROUNDS; i++) this.nextUint32();
  }

  /** Next 32-bit unsigned integer (sfc32 step). */
  nextUint32(): number {
    const { a, b, c, d } = this;
    const t = (((a + b) | 0) + d) | 0;
    this.d = (d + 1) | 0;
    this.a = b ^ (b >>> 9);
    this.b = (c + (c << 3)) | 0;
    this.c = (((c << 21) | (c >>> 11)) + t) | 0;
    return t >>> 0;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / TWO_POW_53;
  }

  /** Uniform integer in [0, n), n >= 1. */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Standard normal draw by the Box-Muller transform; values come in pairs. */
  normal(): number {
    const spare = this.spareNormal;
    if (!Number.isNaN(spare)) {
      this.spareNormal = Number.NaN;
      return spare;
    }
    // 1 - u lies in (0, 1], so the log is finite.
    const radius = Math.sqrt(-2 * Math.log(1 - this.uniform()));
    const angle = 2 * Math.PI * this.uniform();
    this.spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }
}
