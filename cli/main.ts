/**
 * The `identifiability` command line. Argument parsing (commander) and process concerns live here;
 * each command is a function in its own module, imported only when that command runs: startup is
 * most of the time of `--help` and of `analyze` on a small network (bench/startup.bench.ts), and
 * test/cli/startupImports.test.ts keeps the heavy packages out of both. User mistakes print one
 * line and exit 2.
 */
import { Command, CommanderError, Option } from 'commander';
import type { AnalyzeFlags } from './analyzeCommand.js';
import { EXIT_USAGE, UsageError } from './errors.js';
import { addCircuitFilterFlags, addModelTaskFlags, criteriaList, layerRange, listLimit, nonNegativeInt, port, positiveCount, positiveInt, stageList, threadCount } from './flags.js';
import { addNatsFlags } from './natsFlags.js';
import { registerShowCommand } from './showCommand.js';
import { registerStudyCommands } from './studyCommands.js';
import { registerCheckCommand } from './checkCommand.js';
import { registerDiscoverCommand } from './discoverCommand.js';
import { ensureWritableDir } from './writableDir.js';

const print = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

/**
 * A flag that takes a value, given twice, is a usage error: commander keeps the last one, so
 * `--gates XOR --gates AND` analysed AND alone without a word (a list is one comma-separated value).
 */
function refuseRepeatedValues(command: Command): void {
  for (const option of command.options) {
    if (!option.required && !option.optional) continue;
    let first: string | undefined;
    command.on(`option:${option.name()}`, (value: unknown) => {
      const given = String(value);
      if (first === undefined) first = given;
      else throw new UsageError(`${option.long ?? option.flags} given twice (${first}, then ${given}): give it once; a list is one comma-separated value`);
    });
  }
  for (const sub of command.commands) refuseRepeatedValues(sub);
}

export function buildProgram(): Command {
  const program = new Command('identifiability')
    .description('Exact identifiability analysis of small MLPs on logic gates (Méloux et al., ICLR 2025).')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s), outputError: () => {} });

  const analyze = addModelTaskFlags(addCircuitFilterFlags(program
    .command('analyze')
    .description('count every explanation of one network: circuits, groundings, formulas and minimal mappings')
    .argument('<file>', 'case file (golden format: config, model, data; "expected" is ignored), or a model file: PyTorch torch.save (.pt), safetensors, or JSON model (docs/models.md)')))
    .option('--layers <from:to>', 'analyse the slice between layers FROM and TO (0 = input, TO = the output layer) on the recorded activations of layer FROM', layerRange)
    .option('--json <out>', 'write the full results as JSON (golden "expected" shapes)')
    .addOption(new Option('--iia <pairs>', 'IIA pair set: the paper\'s source<base pairs, or every ordered pair').choices(['lexicographic', 'all-pairs']))
    .option('--formula-max-depth <d>', 'deepest candidate formula, 0 to 4 (3 with three or four inputs; default: config, else hidden layers + 1)', nonNegativeInt)
    .option('--max-circuits <n>', 'count groundings of the first n kept circuits only; the rest are null (default: all)', nonNegativeInt)
    .option('--stages <list>', 'comma-separated stages to run: circuits,groundings,mappings (default: all)', stageList)
    .option('--criteria <list>', 'stricter criteria, comma-separated: minimal-circuits, faithful[:EPS] (default 0.1), mean-ablation, all-pairs-iia, joint-iia, consistent (docs/criteria.md); they run in slices (--threads, --nats): faithful decided by the circuit search (in bulk), mean-ablation judged circuit by circuit, minimal-circuits among the circuits listed, up to --list-limit (default 1e6) per output', criteriaList)
    .option('--list-limit <n>', "list the kept circuits of an output in --json only when there are at most n ('all': always), its minimal mappings likewise (never past 500000: then counted); the exact summary and counts are always written (default 100000)", listLimit)
    .option('--slice-candidates <n>', 'split each output\'s circuit space into slices of about n candidates; more than one slice runs on the local pool or the NATS workers (default 2e8, fine enough for a large cluster)', positiveCount)
    .option('--threads <n>', 'pool threads for a sliced analysis (default: the cores)', threadCount)
    .option('--workers <n>', 'with --nats: the worker threads in all that will take the slices (workers x their --threads); at most 128 slices each, fewer to send and merge on a small fleet (default: unset, the grain of --slice-candidates alone)', positiveInt)
    .option('--slice-times <file>', 'write one JSON line per slice as it ends: its units, worker, milliseconds, candidates and kept circuits (to find the heavy slices and size a cluster; a stopped run keeps the lines of the slices that ended)')
    .option('--metrics-port <port>', 'serve Prometheus /metrics (a study\'s names: slices planned and done, candidates, progress, ETA) on this port while the slices run', port)
    .option('--linger-ms <ms>', 'with --metrics-port: keep /metrics up this long after the analysis so the final values are scraped', nonNegativeInt)
    .option('-q, --quiet', 'print nothing but errors');
  addNatsFlags(analyze, false).action(async (file: string, flags: AnalyzeFlags) => {
      const inputs = [['input file', file], ['--data file', flags.data]] as const;
      if (flags.json) await ensureWritableDir(flags.json, '--json', inputs);
      if (flags.sliceTimes) await ensureWritableDir(flags.sliceTimes, '--slice-times', inputs);
      const { analyzeCommand } = await import('./analyzeCommand.js');
      await analyzeCommand(file, flags, print);
    });

  registerShowCommand(program, print);
  registerStudyCommands(program, print);
  registerCheckCommand(program, print);
  registerDiscoverCommand(program, print);
  refuseRepeatedValues(program);
  return program;
}

/**
 * `identifiability analyze ... | head`: a reader that went away is not the user's mistake, and
 * the rest of what the command prints is dropped while it finishes its work and its files (before,
 * the first line written after it ended the process with a stack trace and exit 1, whatever was
 * still to do).
 */
function dropOutputOnClosedPipe(): void {
  let closed = false;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || closed) {
      closed = true;
      return;
    }
    throw err;
  });
}

/** Runs the CLI; resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  dropOutputOnClosedPipe();
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.exitCode === 0) return 0; // --help, --version
      // No command, or `help` of an unknown one: commander has printed the help already.
      if (err.code === 'commander.help') return EXIT_USAGE;
      process.stderr.write(`identifiability: ${err.message.replace(/^error: /, '').replace(/\n/g, ' ')} (see --help)\n`);
      return EXIT_USAGE;
    }
    if (err instanceof UsageError) {
      process.stderr.write(`identifiability: ${err.message}\n`);
      return EXIT_USAGE;
    }
    throw err;
  }
}
