/**
 * `identifiability check CASE --circuit FILE`: is this circuit valid under the paper's criterion,
 * minimal, one of how many; the nearest valid circuit when it is not; and the diagnostics of the
 * whole valid set (shared/check/). The heavy modules load inside the action.
 */
import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { CaseFileError } from '../shared/case/fields.js';
import { compileAnalysisOptions, OptionsError, type AnalysisSettings } from '../shared/engine/options.js';
import type { AnalysisInput, AnalysisOptions } from '../shared/engine/types.js';
import type { CheckedCircuit } from '../shared/check/checkedCircuit.js';
import type { OutputCheck } from '../shared/check/checkNetwork.js';
import type { TaskFlags } from './modelInput.js';
import { settingsError, UsageError } from './errors.js';
import { addCircuitFilterFlags, addModelTaskFlags, criteriaList, DEFAULT_CRITERIA_LIMIT, listLimit, tooManyCircuitsError } from './flags.js';
import { criteriaNames, hasCircuitCriteria, hasMappingCriteria, type Criteria } from '../shared/engine/criteria.js';
import { ensureWritableDir } from './writableDir.js';

type Print = (line: string) => void;

export interface CheckFlags extends Omit<TaskFlags, 'stages' | 'layers'> {
  readonly circuit: string;
  readonly json?: string;
  readonly minSparsity?: number;
  readonly accuracyThreshold?: number;
  /** Stricter circuit criteria: the valid set is the paper's filtered by them. */
  readonly criteria?: Criteria;
  /** With --criteria: most kept circuits held per output. @default 1e6 */
  readonly listLimit?: number | 'all';
  readonly quiet?: boolean;
}

export function registerCheckCommand(program: Command, print: Print): void {
  addModelTaskFlags(addCircuitFilterFlags(program
    .command('check')
    .description('judge one circuit against every valid circuit: valid, minimal, how many rivals, the nearest valid one, diagnostics of the valid set')
    .argument('<file>', 'case file (golden format), or a model file (PyTorch, safetensors, JSON model) with --gates or --data, as for analyze')))
    .requiredOption('--circuit <file>', 'circuit: {"node_masks","edge_masks"} (golden format), an edge list [["l.i","l+1.j"], ...] (layer 0 = inputs) or {"outputs": [...]}')
    .option('--json <out>', 'write the verdicts as JSON')
    .option('--criteria <list>', 'judge against the valid set under stricter circuit criteria: minimal-circuits, faithful[:EPS], mean-ablation (docs/criteria.md)', criteriaList)
    .option('--list-limit <n>', "with --criteria: most kept circuits held per output ('all': no bound; default 1e6)", listLimit)
    .option('-q, --quiet', 'print nothing but errors')
    .action(async (file: string, flags: CheckFlags) => {
      if (flags.json) await ensureWritableDir(flags.json, '--json', [['input file', file], ['--data file', flags.data], ['--circuit file', flags.circuit]]);
      await checkCommand(file, flags, print);
    });
}

/** Reads and checks a case's analysis options, flags over the case's config. */
export function caseOptions(file: string, input: AnalysisInput, config: AnalysisSettings, flags: { minSparsity?: number; accuracyThreshold?: number }): AnalysisOptions {
  try {
    return compileAnalysisOptions(
      {
        ...config,
        ...(flags.minSparsity !== undefined && { minSparsity: flags.minSparsity }),
        ...(flags.accuracyThreshold !== undefined && { accuracyThreshold: flags.accuracyThreshold }),
        stages: ['circuits'],
      },
      input.model,
    );
  } catch (err) {
    if (err instanceof OptionsError) throw settingsError(file, err, {});
    throw err;
  }
}

async function readCircuits(file: string, sizes: readonly number[]): Promise<CheckedCircuit[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`${file}: cannot read the circuit file (${code === 'ENOENT' ? 'no such file' : (code ?? String(err))})`, { cause: err });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${file}: malformed JSON: ${(err as Error).message}`, { cause: err });
  }
  const { parseCircuitFile } = await import('../shared/check/circuitFile.js');
  try {
    return parseCircuitFile(json, sizes);
  } catch (err) {
    if (err instanceof CaseFileError) throw new UsageError(`${file}: ${err.message || 'not a circuit'}`, { cause: err });
    throw err;
  }
}

export async function checkCommand(file: string, flags: CheckFlags, print: Print): Promise<void> {
  // A case file, or a model file with its task from --gates or --data (cli/modelInput.ts).
  const { readModelInput, writeWarnings } = await import('./modelInput.js');
  const { input, config, notes, warnings } = await readModelInput(file, { ...flags, stages: ['circuits'] });
  if (!flags.quiet) for (const line of notes) print(line);
  writeWarnings(warnings);
  const options = caseOptions(file, input, config, flags);
  const circuits = await readCircuits(flags.circuit, input.model.layerSizes);
  const criteria = flags.criteria;
  if (criteria && hasMappingCriteria(criteria)) {
    throw new UsageError(`--criteria: check judges circuits; ${criteriaNames(criteria).filter((n) => ['all-pairs-iia', 'joint-iia', 'consistent'].includes(n)).join(', ')} filter mappings (use analyze --criteria)`);
  }
  const { checkNetwork, outputCheckJson } = await import('../shared/check/checkNetwork.js');
  const { criteriaValidCircuits, paperValidCircuits } = await import('../shared/check/validSet.js');
  const { TooManyCircuits } = await import('../shared/engine/applyCriteria.js');
  const limit = flags.listLimit === 'all' ? Infinity : flags.listLimit ?? DEFAULT_CRITERIA_LIMIT;
  const source = criteria && hasCircuitCriteria(criteria) ? criteriaValidCircuits(criteria, limit) : paperValidCircuits;
  let results: OutputCheck[];
  try {
    results = checkNetwork(input, options, circuits, source);
  } catch (err) {
    if (err instanceof TooManyCircuits) throw tooManyCircuitsError(file, err);
    throw err;
  }
  const applied = criteria ? criteriaNames(criteria) : [];
  if (flags.json) {
    const { writeFileAtomic } = await import('../coordinator/atomicFile.js');
    await writeFileAtomic(flags.json, `${JSON.stringify({ outputs: results.map((r) => ({ ...outputCheckJson(r), criteria: applied })) })}\n`);
  }
  if (flags.quiet) return;
  if (applied.length) print(`criteria: ${applied.join(', ')} (the valid set is the paper's, filtered by them)`);
  results.forEach((r, o) => {
    for (const line of checkLines(r, o)) print(line);
  });
  if (flags.json) print(`wrote ${flags.json}`);
}

const edgeText = (edges: readonly [string, string][]): string => (edges.length ? edges.map(([a, b]) => `${a}>${b}`).join(' ') : '-');

function checkLines(r: OutputCheck, o: number): string[] {
  const v = r.verdicts[0];
  if (!v) return [];
  const d = r.diagnostics;
  const lines = [
    `# output ${o} (${r.gate})`,
    `  circuit:   ${v.valid ? 'valid' : 'NOT valid'}, accuracy ${v.accuracy.toFixed(4)}, ${v.edges} edges`,
    `  minimal:   ${v.minimal ? 'yes' : 'no'} (${v.validSubcircuits} valid proper sub-circuit${v.validSubcircuits === 1 ? '' : 's'})`,
    `  rivals:    ${v.validCircuits} valid circuits in all, ${v.validWithAtMostAsManyEdges} with at most ${v.edges} edges`,
  ];
  if (!v.valid) lines.push(v.nearest ? `  nearest:   a valid circuit at Jaccard distance ${(v.jaccardToNearest ?? 0).toFixed(4)} (--json writes it)` : '  nearest:   none (no valid circuit)');
  lines.push(
    `  valid set: fewest edges ${d.minEdges ?? '-'} (${d.minEdgeCircuits} circuit${d.minEdgeCircuits === 1 ? '' : 's'}), largest Jaccard distance between two ${d.maxJaccard !== null ? d.maxJaccard.toFixed(4) : d.maxJaccardAtMost !== null ? `at most ${d.maxJaccardAtMost.toFixed(4)} (too many circuits for the exact pair)` : '-'}`,
    `  core:      ${edgeText(d.core)}`,
    `  union:     ${d.union.length} edges`,
  );
  return lines;
}
