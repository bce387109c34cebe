import { roundHalfEven } from '../engine/network.js';
export { roundHalfEven };
/** Accuracy as SEMANTICS.md counts it: a sample is correct when every rounded output equals its target. */
import type { Dataset } from '../engine/types.js';
import type { Mlp } from './mlp.js';

/** Rounds half to even, like `torch.round` and Python's `round`. */

/** Share of samples of `data` whose rounded outputs all equal the targets. */
export function accuracy(mlp: Mlp, data: Dataset): number {
  const { x, y, n, nIn, nOut } = data;
  if (nIn !== mlp.nIn || nOut !== mlp.nOut) {
    throw new RangeError(`data is ${nIn} -> ${nOut}, network is ${mlp.nIn} -> ${mlp.nOut}`);
  }
  if (n === 0) return 0;
  const acts = mlp.activations;
  let correct = 0;
  for (let s = 0; s < n; s++) {
    const out = mlp.forward(x, s * nIn);
    let ok = true;
    for (let o = 0; o < nOut && ok; o++) ok = roundHalfEven(acts[out + o]!) === y[s * nOut + o];
    if (ok) correct++;
  }
  return correct / n;
}
