/**
 * Inverted dropout as `torch.nn.Dropout(p)` in training mode: each hidden unit of each training
 * sample is zeroed with probability p and the others are scaled by 1 / (1 - p), so evaluation
 * (no dropout) sees the same expected activation. Masks come from the network's own seeded stream
 * (`Streams.dropout`), drawn in a fixed order, sample by sample, unit by unit, so a seed gives
 * the same network bit for bit whatever thread or process trains it.
 */
import type { Prng } from './prng.js';

export class Dropout {
  /** Per unit of the network (the `Mlp`'s unit offsets): 0 (dropped) or 1 / (1 - p) (kept). */
  readonly scale: Float64Array;
  private readonly keep: number;

  constructor(readonly rate: number, units: number, private readonly rng: Prng) {
    if (!(rate > 0 && rate < 1)) throw new RangeError(`dropout rate must be in (0, 1), got ${rate}`);
    this.scale = new Float64Array(units);
    this.keep = 1 / (1 - rate);
  }

  /** Draws a fresh mask for units [from, to): the hidden units of one sample. */
  draw(from: number, to: number): void {
    const { scale, rng, rate, keep } = this;
    for (let u = from; u < to; u++) scale[u] = rng.uniform() < rate ? 0 : keep;
  }
}
