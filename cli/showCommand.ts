/**
 * `identifiability show CASE [--out page.html]`: registered here, run by showCase.ts, which is
 * imported only when the command runs (the engine and the page builder stay out of startup).
 */
import { Command, Option } from 'commander';
import type { Criteria } from '../shared/engine/criteria.js';
import type { TaskFlags } from './modelInput.js';
import { addCircuitFilterFlags, addModelTaskFlags, criteriaList, listLimit, nonNegativeInt } from './flags.js';

export interface ShowFlags extends Omit<TaskFlags, 'stages' | 'layers'> {
  readonly out?: string;
  readonly iia?: 'lexicographic' | 'all-pairs';
  readonly minSparsity?: number;
  readonly accuracyThreshold?: number;
  readonly formulaMaxDepth?: number;
  /** Most kept circuits listed (drawn) per output; 'all' lists every one. @default 100000 */
  readonly listLimit?: number | 'all';
  /** Stricter criteria: what they drop is greyed out on the page. */
  readonly criteria?: Criteria;
  readonly quiet?: boolean;
}

export function registerShowCommand(program: Command, print: (line: string) => void): void {
  addModelTaskFlags(addCircuitFilterFlags(program
    .command('show')
    .description("write one offline HTML page that draws a network's circuits, groundings, formulas and mappings")
    .argument('<file>', 'case file (golden format, or a study\'s networks/NNNN.json), or a model file (PyTorch, safetensors, JSON model) with --gates or --data, as for analyze')))
    .option('--out <page>', 'the page to write (default: the case file\'s path with .html)')
    .addOption(new Option('--iia <pairs>', "IIA pair set: the paper's source<base pairs, or every ordered pair").choices(['lexicographic', 'all-pairs']))
    .option('--formula-max-depth <d>', 'deepest candidate formula, 0 to 4 (3 with three or four inputs; default: config, else hidden layers + 1)', nonNegativeInt)
    .option('--list-limit <n>', "draw the kept circuits of an output only when there are at most n ('all': always); the shares are always drawn (default 100000)", listLimit)
    .option('--criteria <list>', 'grey out the circuits and mappings that stricter criteria drop: minimal-circuits, faithful[:EPS], mean-ablation, all-pairs-iia, joint-iia, consistent (docs/criteria.md)', criteriaList)
    .option('-q, --quiet', 'print nothing but errors')
    .action(async (file: string, flags: ShowFlags) => {
      const { showCase } = await import('./showCase.js');
      await showCase(file, flags, print);
    });
}
