/**
 * Study commands: run, start, presets, report and worker. Each command module is imported when its
 * command runs, so that `--help` and `analyze` do not load the pool, NATS or prom-client.
 */
import { Command, Option } from 'commander';
import { presets } from '../coordinator/presets.js';
import { defaultThreads } from '../worker/threads.js';
import { criteriaText, gateList, listLimit, nonNegativeInt, nonNegativeNumber, numberList, port, positiveCount, positiveInt, threadCount, unitInterval } from './flags.js';
import { addNatsFlags } from './natsFlags.js';
import type { RunFlags } from './runCommand.js';
import type { WorkerFlags } from './workerCommand.js';

type Print = (line: string) => void;

function addStudyFlags(cmd: Command): Command {
  cmd
    .option('--preset <name>', `one of the paper's studies: ${presets.map((p) => p.name).join(', ')} (flags override it)`)
    .option('--gates <list>', 'gates, comma-separated: AND, OR, IMP, NAND, NOR, NIMP, XOR (2 inputs), MAJORITY, PARITY (3 inputs), tt:<4, 8 or 16 outputs> (any truth table)', gateList)
    .option('--n-gates <list>', 'draw this many gates per network from --gates (multi-task)', numberList((v) => Number.isInteger(v) && v >= 1, 'positive integers'))
    .option('--per-gate', 'one single-output network per gate instead of one network for all gates')
    .option('--sizes <list>', 'hidden widths k', numberList((v) => Number.isInteger(v) && v >= 1 && v <= 8, 'integers in [1, 8]'))
    .option('--depths <list>', 'hidden layer counts', numberList((v) => Number.isInteger(v) && v >= 1 && v <= 4, 'integers in [1, 4]'))
    .option('--experiments <n>', 'networks per configuration (default 100)', positiveInt)
    .option('--seed <n>', 'seed of the first network; network i uses seed + i (default 0)', nonNegativeInt)
    .option('--noise-std <x>', 'Gaussian input noise std (default 0)', nonNegativeNumber)
    .option('--skewed', 'skewed input distribution (random per-pattern weights)')
    .option('--loss-targets <list>', 'training loss targets (default 0.01)', numberList((v) => v > 0, 'positive numbers'))
    .option('--learning-rates <list>', 'AdamW learning rates (default 0.001)', numberList((v) => v > 0, 'positive numbers'))
    .option('--epochs <n>', 'maximum epochs (default 1000)', positiveInt)
    .option('--patience <n>', 'early stopping: epochs without improving the best epoch loss (default 3)', positiveInt)
    .option('--l1 <list>', 'L1 penalty coefficients, swept: lambda * sum |p| over every parameter added to the loss (default 0, off)', numberList((v) => Number.isFinite(v) && v >= 0, 'non-negative numbers'))
    .option('--l2 <list>', 'L2 penalty coefficients, swept: lambda * sum p^2 added to the loss (default 0, off)', numberList((v) => Number.isFinite(v) && v >= 0, 'non-negative numbers'))
    .option('--dropout <list>', 'dropout rates, swept: after each hidden linear layer, before its activation, training only (default 0, off)', numberList((v) => v >= 0 && v < 1, 'rates in [0, 1)'))
    .addOption(new Option('--output-activation <name>', 'output layer activation (default leaky-relu, the paper\'s)').choices(['leaky-relu', 'identity']))
    .option('--checkpoints <n>', 'also analyse each network every n epochs of its training and at the end (explanations through training)', positiveInt)
    .option('--batch-size <n>', 'batch size (default 100)', positiveInt)
    .option('--train-repeats <n>', 'training samples per input pattern (default 1000)', positiveInt)
    .option('--validation-repeats <n>', 'validation samples per input pattern (default 50)', positiveInt)
    .option('--grounding-repeats <n>', 'grounding samples per input pattern (default 10)', positiveInt)
    .option('--min-sparsity <x>', 'circuit sparsity filter for every size (default: the paper\'s, 0.2 at k=4, 0.3 at k>=5)', unitInterval)
    .option('--accuracy-threshold <x>', 'circuits need accuracy strictly above x (default 0.99)', unitInterval)
    .option('--max-circuits <n>', 'count groundings of the first n kept circuits per output only; the rest are null (default: all)', nonNegativeInt)
    .addOption(new Option('--iia <pairs>', 'IIA pair set (default lexicographic, the paper\'s)').choices(['lexicographic', 'all-pairs']))
    .option('--list-limit <n>', "list cells (df_out.csv) and circuit lists (results.jsonl) for outputs with at most n kept circuits, above it the exact summary; minimal mappings are listed in results.jsonl up to n per output (never past 500000), counted above ('all': always list; default 100000)", listLimit)
    .option('--slice-candidates <n>', 'analyse a network with more candidate circuits per output than n as slices of about n, spread over the pool or the workers (default 2e8, fine enough for a large cluster)', positiveCount)
    .option('--criteria <list>', 'also count every network under stricter criteria, each alone and all together: minimal-circuits, faithful[:EPS], mean-ablation, all-pairs-iia, joint-iia, consistent (criteria.csv, docs/criteria.md)', criteriaText)
    .option('--out <dir>', 'run directory; the same command with the same --out resumes (default runs/<timestamp>)')
    .addOption(new Option('--save-models <format>', "also write every trained network as networks/NNNN.safetensors (the authors' state_dict keys layers.N.0.weight/bias, for PyTorch)").choices(['safetensors']))
    .option('--threads <n>', `pool threads in embedded mode (default ${defaultThreads()}, the cores)`, threadCount)
    .option('--metrics-port <port>', 'serve Prometheus /metrics on this port during the run', port)
    .option('--linger-ms <ms>', 'with --metrics-port: keep /metrics up this long after the run so the final values are scraped', nonNegativeInt)
    .option('-q, --quiet', 'no progress, no summary');
  return addNatsFlags(cmd, false);
}

/** Flags whose study option has another name (commander names --iia's value `iia`). */
const RENAMED: Readonly<Record<string, string>> = { iia: 'iiaPairs', epochs: 'maxEpochs', l1: 'l1Lambdas', l2: 'l2Lambdas', dropout: 'dropoutRates' };

function toRunFlags(o: Record<string, unknown>): RunFlags {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [RENAMED[k] ?? k, v])) as unknown as RunFlags;
}

export function registerStudyCommands(program: Command, print: Print): void {
  addStudyFlags(program.command('run').description('train a study\'s networks and count every explanation of each (embedded, or distributed with --nats)'))
    .option('--workers <n>', 'plan each large network for n worker threads in all (--threads here, workers x their --threads over NATS): at most 128 slices each, fewer to send and merge on a small fleet; part of the study\'s settings, so a resume plans the same (default: unset, the grain of --slice-candidates alone)', positiveInt)
    .action(async ({ workers, ...o }: Record<string, unknown>) => (await import('./runCommand.js')).runCommand(toRunFlags({ ...o, ...(workers !== undefined && { sliceWorkers: workers }) }), print));
  addStudyFlags(program.command('start').description('the basic study (100 XOR networks, k = 3): what `npm start` runs')).action(async (o: Record<string, unknown>) =>
    (await import('./runCommand.js')).runCommand(toRunFlags({ preset: 'basic', ...o }), print),
  );
  addStudyFlags(program.command('cluster').description('a local distributed run: nats-server, N workers and Prometheus on loopback, then the study (default: basic) through them'))
    .option('--workers <n>', 'worker processes', positiveInt, 2)
    .option('--threads-per-worker <n>', 'pool threads per worker (default 1)', positiveInt)
    .option('--keep', 'keep nats-server, the workers and Prometheus up after the study, until Ctrl-C')
    .action(async (o: Record<string, unknown>) => (await import('./clusterCommand.js')).clusterCommand({ ...toRunFlags({ preset: 'basic', ...o }), workers: o.workers as number, ...(o.threadsPerWorker !== undefined && { threadsPerWorker: o.threadsPerWorker as number }), ...(o.keep === true && { keep: true }) }, print));
  program
    .command('presets')
    .description('list the study presets')
    .action(() => {
      for (const p of presets) print(`${p.name.padEnd(12)} ${p.description}`);
    });
  program
    .command('report')
    .description('rebuild df_out.csv, results.jsonl, networks/ and report.html of a run directory')
    .argument('<dir>', 'run directory (--out of a run)')
    .action(async (dir: string) => (await import('./reportCommand.js')).reportCommand(dir, print));
  addNatsFlags(program.command('worker').description('evaluate shards from NATS in a local thread pool until stopped (SIGTERM drains)'), true)
    .option('--threads <n>', `pool threads (default ${defaultThreads()}, the cores)`, threadCount)
    .option('--metrics-port <port>', 'serve Prometheus /metrics on this port', port)
    .option('--exit-when-done', 'exit once the coordinator has marked every plan done and no work is pending')
    .option('-q, --quiet', 'log nothing but errors')
    .action(async (o: WorkerFlags) => (await import('./workerCommand.js')).workerCommand(o, print));
}
