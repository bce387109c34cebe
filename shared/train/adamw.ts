/**
 * AdamW as PyTorch's single-tensor implementation computes it, with float32 state: decoupled
 * weight decay first (`p *= 1 - lr * wd`), then the Adam step with bias correction
 * `p -= lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)`. Every stored value is
 * rounded to float32, as each PyTorch tensor op does.
 */

export interface AdamWOptions {
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
}

export const ADAMW_DEFAULTS: AdamWOptions = Object.freeze({
  learningRate: 0.001,
  beta1: 0.9,
  beta2: 0.999,
  eps: 1e-8,
  weightDecay: 0.01,
});

const f32 = Math.fround;

export class AdamW {
  private readonly opts: AdamWOptions;
  private readonly m: Float32Array;
  private readonly v: Float32Array;
  private t = 0;

  constructor(size: number, options: Partial<AdamWOptions> = {}) {
    const opts = { ...ADAMW_DEFAULTS, ...options };
    if (!(opts.learningRate > 0)) throw new RangeError(`learningRate must be > 0, got ${opts.learningRate}`);
    if (!(opts.weightDecay >= 0)) throw new RangeError(`weightDecay must be >= 0, got ${opts.weightDecay}`);
    this.opts = opts;
    this.m = new Float32Array(size);
    this.v = new Float32Array(size);
  }

  /** Number of steps taken so far. */
  get steps(): number {
    return this.t;
  }

  /** One update of `params` in place from `grads` (same length as the optimizer). */
  step(params: Float32Array, grads: Float64Array): void {
    const { m, v } = this;
    if (params.length !== m.length || grads.length !== m.length) {
      throw new RangeError(`params and grads must hold ${m.length} values, got ${params.length}, ${grads.length}`);
    }
    const { learningRate: lr, beta1, beta2, eps, weightDecay } = this.opts;
    this.t++;
    const decay = 1 - lr * weightDecay;
    const stepSize = lr / (1 - beta1 ** this.t);
    const bc2Sqrt = Math.sqrt(1 - beta2 ** this.t);
    for (let i = 0; i < params.length; i++) {
      const g = f32(grads[i]!);
      const p = f32(params[i]! * decay);
      // torch's lerp: m + (1 - beta1) * (g - m)
      const mi = f32(m[i]! + f32((1 - beta1) * f32(g - m[i]!)));
      const vi = f32(f32(v[i]! * beta2) + f32((1 - beta2) * f32(g * g)));
      m[i] = mi;
      v[i] = vi;
      const denom = f32(f32(f32(Math.sqrt(vi)) / bc2Sqrt) + eps);
      params[i] = f32(p - f32(stepSize * f32(mi / denom)));
    }
  }
}
