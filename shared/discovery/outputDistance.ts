/**
 * Output distances of the discovery methods, per sample, with their derivative in the output the
 * circuit produces: KL between the Bernoulli distributions of the sigmoid of the two outputs, or
 * the squared difference. `ref` is the reference output (the full network's, or a target).
 */
export const Distances = { kl: 'kl', mse: 'mse' } as const;
export type Distance = (typeof Distances)[keyof typeof Distances];
export const distanceNames: readonly Distance[] = Object.values(Distances);

const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));
const EPS = 1e-12;

/** KL(Bern(σ(ref)) || Bern(σ(out))) or (out - ref)^2. */
export function distance(kind: Distance, out: number, ref: number): number {
  if (kind === 'mse') return (out - ref) * (out - ref);
  const p = Math.min(1 - EPS, Math.max(EPS, sigmoid(ref)));
  const q = Math.min(1 - EPS, Math.max(EPS, sigmoid(out)));
  return p * Math.log(p / q) + (1 - p) * Math.log((1 - p) / (1 - q));
}

/** d distance / d out. */
export function distanceSlope(kind: Distance, out: number, ref: number): number {
  if (kind === 'mse') return 2 * (out - ref);
  return sigmoid(out) - sigmoid(ref);
}
