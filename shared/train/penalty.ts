/**
 * L1 and L2 weight penalties, added to the MSE of every batch as the fork of the authors' code
 * does (`loss = mse + l1 * sum|p| + l2 * sum p^2` over every parameter, biases included), so the
 * stopping rule sees the penalised loss. Independent of AdamW's decoupled weight decay, which
 * stays on (0.01) as in the paper.
 */

export interface PenaltyOptions {
  readonly l1: number;
  readonly l2: number;
}

/**
 * Adds the penalty's gradient to `grads` (d|p|/dp is taken as 0 at p = 0, like torch's `abs`)
 * and returns the penalty itself, summed in float64.
 */
export function addPenalty(params: Float32Array, grads: Float64Array, { l1, l2 }: PenaltyOptions): number {
  if (l1 === 0 && l2 === 0) return 0;
  let abs = 0;
  let squares = 0;
  for (let i = 0; i < params.length; i++) {
    const p = params[i]!;
    abs += Math.abs(p);
    squares += p * p;
    grads[i] = grads[i]! + l1 * Math.sign(p) + 2 * l2 * p;
  }
  return l1 * abs + l2 * squares;
}
