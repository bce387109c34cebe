/**
 * `identifiability discover CASE --method acdc|eap|masks`: a discovery method swept over its
 * thresholds on every output, each returned circuit judged by `check` against the whole valid set.
 */
import { Option, type Command } from 'commander';
import type { Distance } from '../shared/discovery/outputDistance.js';
import type { Method } from '../shared/discovery/discover.js';
import { readCase } from './caseInput.js';
import { caseOptions } from './checkCommand.js';
import { UsageError } from './errors.js';
import { addCircuitFilterFlags, nonNegativeInt, numberList } from './flags.js';
import { ensureWritableDir } from './writableDir.js';

type Print = (line: string) => void;

export interface DiscoverFlags {
  readonly method: Method;
  readonly distance: Distance;
  readonly seed: number;
  readonly thresholds?: number[];
  readonly json?: string;
  readonly minSparsity?: number;
  readonly accuracyThreshold?: number;
  readonly quiet?: boolean;
}

export function registerDiscoverCommand(program: Command, print: Print): void {
  addCircuitFilterFlags(program
    .command('discover')
    .description('run a circuit discovery method over its thresholds and check every circuit it returns against the exact valid set')
    .argument('<case>', 'case file (golden format)'))
    .addOption(new Option('--method <name>', 'ACDC, edge attribution patching, or learned edge masks').choices(['acdc', 'eap', 'masks']).makeOptionMandatory())
    .addOption(new Option('--distance <d>', 'output distance: KL on the sigmoid outputs, or squared error').choices(['kl', 'mse']).default('kl'))
    .option('--seed <n>', 'seed of the learned masks', nonNegativeInt, 0)
    .option('--thresholds <list>', 'thresholds to sweep (acdc: distance increase; eap: top-k edge counts; masks: sparsity weight; default: the method\'s sweep)', numberList((v) => v >= 0, 'non-negative numbers'))
    .option('--json <out>', 'write every returned circuit and its verdict as JSON')
    .option('-q, --quiet', 'print nothing but errors')
    .action(async (file: string, flags: DiscoverFlags) => {
      if (flags.json) await ensureWritableDir(flags.json, '--json', [['input file', file]]);
      await discoverCommand(file, flags, print);
    });
}


export async function discoverCommand(file: string, flags: DiscoverFlags, print: Print): Promise<void> {
  if (flags.method === 'eap' && flags.thresholds?.some((k) => !Number.isInteger(k) || k < 1)) {
    throw new UsageError(`--thresholds: edge attribution patching keeps the top k edges, so each threshold must be a positive integer, got '${flags.thresholds.join(',')}'`);
  }
  const { input, config } = await readCase(file);
  const options = caseOptions(file, input, config, flags);
  const { discoverOutput, outputDiscoveryJson } = await import('../shared/discovery/discoverOutput.js');
  const results = input.gates.map((_, o) =>
    discoverOutput(input, o, options, flags.method, { distance: flags.distance, seed: flags.seed, ...(flags.thresholds && { thresholds: flags.thresholds }) }),
  );
  if (flags.json) {
    const { writeFileAtomic } = await import('../coordinator/atomicFile.js');
    await writeFileAtomic(flags.json, `${JSON.stringify({ outputs: results.map((r) => outputDiscoveryJson(r, flags.distance)) })}\n`);
  }
  if (flags.quiet) return;
  results.forEach((r, o) => {
    const d = r.check.diagnostics;
    print(`# output ${o} (${r.check.gate}): ${flags.method} (${flags.distance}), ${r.check.verdicts[0]?.validCircuits ?? 0} valid circuits, fewest edges ${d.minEdges ?? '-'}`);
    print('  threshold   edges  valid  minimal  accuracy  valid with <= edges  Jaccard to nearest valid');
    r.runs.forEach((run, k) => {
      const v = r.check.verdicts[k];
      if (!v) return;
      print(
        `  ${String(run.threshold).padEnd(10)}  ${String(v.edges).padStart(5)}  ${(v.valid ? 'yes' : 'no').padStart(5)}  ${(v.minimal ? 'yes' : 'no').padStart(7)}  ${v.accuracy.toFixed(4).padStart(8)}  ${String(v.validWithAtMostAsManyEdges).padStart(19)}  ${v.jaccardToNearest === null ? '-' : v.jaccardToNearest.toFixed(4)}`,
      );
    });
  });
  if (flags.json) print(`wrote ${flags.json}`);
}
