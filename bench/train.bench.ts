/**
 * Trains 20 XOR [2,3,3,1] networks with seeds 0..19 (paper defaults otherwise) and prints one
 * JSON line. Seeded, so every run trains the same networks; only the timing varies.
 * Run: npx tsc -p . && node dist/bench/train.bench.js
 */
import { defaultTrainSpec, trainNetwork } from '../shared/train/index.js';

const NETWORKS = 20;

const start = performance.now();
let converged = 0;
for (let seed = 0; seed < NETWORKS; seed++) {
  if (trainNetwork(defaultTrainSpec({ gates: ['XOR'], hidden: [3, 3], seed })).converged) converged++;
}
const msTotal = performance.now() - start;
const round = (v: number): number => Math.round(v * 100) / 100;
console.log(
  JSON.stringify({
    case: 'train-xor-k3',
    networks: NETWORKS,
    ms_total: round(msTotal),
    ms_per_network: round(msTotal / NETWORKS),
    converged,
  }),
);
