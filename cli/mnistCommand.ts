/**
 * `run --preset mnist`: the authors' second demonstration. Trains `[784, 128, 128, 3, 3, 3, 1]`
 * (Adam, lr 1e-3, batch 64, MSE, 10 epochs) on the digits 0 and 1 of the `mnist` package, then
 * counts the circuits of its last three layers (`--layers 3:6`) on the validation activations
 * of layer 3 (accuracy > 0.99 against the digit), with the consistency check. The run directory
 * keeps the network as safetensors and the validation samples as CSV, so the count is re-run
 * with `identifiability analyze OUT/network.safetensors --data OUT/validation.csv --layers 3:6`.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { makeDirectory } from '../coordinator/makeDirectory.js';
import { join } from 'node:path';
import { mnistZerosAndOnes, MNIST_PIXELS } from '../coordinator/mnistData.js';
import { forwardAll, roundHalfEven } from '../shared/engine/network.js';
import type { Dataset, NetworkModel } from '../shared/engine/types.js';
import { modelToSafetensors } from '../shared/model/safetensors.js';
import { trainFixedEpochs } from '../shared/train/trainOnData.js';
import { analyzeCommand } from './analyzeCommand.js';

export const MNIST_DEMO = {
  layerSizes: [MNIST_PIXELS, 128, 128, 3, 3, 3, 1],
  epochs: 10,
  batchSize: 64,
  learningRate: 1e-3,
  weightDecay: 0,
  /** The last three layers: the slice from layer 3 (3 units) to the output. */
  layers: { from: 3, to: 6 },
} as const;

export interface MnistFlags {
  readonly out?: string;
  readonly seed?: number;
  readonly maxEpochs?: number;
  readonly quiet?: boolean;
}

function accuracyOf(model: NetworkModel, data: Dataset): number {
  let correct = 0;
  for (let i = 0; i < data.n; i++) {
    const acts = forwardAll(model, data.x.subarray(i * data.nIn, (i + 1) * data.nIn));
    if (roundHalfEven((acts[acts.length - 1] as Float32Array)[0] as number) === data.y[i]) correct++;
  }
  return correct / data.n;
}

function csvOf(data: Dataset): string {
  const header = [...Array.from({ length: data.nIn }, (_, p) => `p${p}`), 'digit'].join(',');
  const rows = Array.from({ length: data.n }, (_, i) => [...data.x.subarray(i * data.nIn, (i + 1) * data.nIn), data.y[i]].join(','));
  return `${header}\n${rows.join('\n')}\n`;
}

export async function mnistCommand(flags: MnistFlags, print: (line: string) => void): Promise<void> {
  const out = flags.out ?? `runs/mnist-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  const seed = flags.seed ?? 0;
  const say = (line: string): void => {
    if (!flags.quiet) print(line);
  };
  const t0 = Date.now();
  const { train, validation } = mnistZerosAndOnes(seed);
  const spec = { ...MNIST_DEMO, epochs: flags.maxEpochs ?? MNIST_DEMO.epochs, seed };
  say(`mnist: training [${spec.layerSizes.join(', ')}] on ${train.n} digits 0 and 1 (Adam, lr ${spec.learningRate}, batch ${spec.batchSize}, MSE, ${spec.epochs} epochs), ${validation.n} held out`);
  const trained = trainFixedEpochs(spec, train);
  const trainSeconds = (Date.now() - t0) / 1000;
  const validationAccuracy = accuracyOf(trained.model, validation);
  say(`trained in ${trainSeconds.toFixed(1)} s: final loss ${trained.epochLosses.at(-1)?.toFixed(5)}, accuracy ${trained.trainAccuracy.toFixed(4)} (training), ${validationAccuracy.toFixed(4)} (validation)`);
  await makeDirectory(out);
  const network = join(out, 'network.safetensors');
  const data = join(out, 'validation.csv');
  const circuits = join(out, 'circuits.json');
  await writeFile(network, modelToSafetensors(trained.model));
  await writeFile(data, csvOf(validation));
  const t1 = Date.now();
  const lines: string[] = [];
  // Not quiet: the consistency line is read back for mnist.json; `say` keeps -q silent.
  await analyzeCommand(network, { data, layers: MNIST_DEMO.layers, stages: ['circuits'], json: circuits }, (line) => {
    lines.push(line);
    say(line);
  });
  const result = JSON.parse(await readFile(circuits, 'utf8')) as { outputs: { summary: { kept: number }; candidates: number }[] };
  const o = result.outputs[0];
  const consistency = lines.find((l) => l.startsWith('consistency:')) ?? '';
  const summary = {
    preset: 'mnist',
    seed,
    layer_sizes: spec.layerSizes,
    training: { optimizer: 'Adam', learning_rate: spec.learningRate, batch_size: spec.batchSize, loss: 'MSE', epochs: spec.epochs, epoch_losses: trained.epochLosses, train_samples: train.n, train_accuracy: trained.trainAccuracy, seconds: trainSeconds },
    validation: { samples: validation.n, accuracy: validationAccuracy },
    slice: { layers: `${MNIST_DEMO.layers.from}:${MNIST_DEMO.layers.to}`, consistency },
    circuits: { kept: o?.summary.kept ?? 0, candidates: o?.candidates ?? 0, seconds: (Date.now() - t1) / 1000 },
    authors_reported_circuits: 4702,
  };
  await writeFile(join(out, 'mnist.json'), `${JSON.stringify(summary, null, 2)}\n`);
  say(`mnist: ${summary.circuits.kept} circuits of the last three layers kept of ${summary.circuits.candidates} (the authors report 4702 for theirs); done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  say(`wrote ${out}/mnist.json, ${network}, ${data}, ${circuits}`);
}
