/**
 * Runs the analysis of one case file in this process (shared/engine/analyze.ts, every kept
 * circuit reported one by one) and writes its show page (report/show/).
 */
import { basename, dirname, extname, join } from 'node:path';
import { compileAnalysisOptions, OptionsError, type AnalysisSettings } from '../shared/engine/options.js';
import { DEFAULT_LIST_LIMIT } from '../shared/evaluate/evaluateShard.js';
import type { AnalysisOptions } from '../shared/engine/types.js';
import type { OutputResult } from '../shared/wire/messages.js';
import { buildShowPayload, type ShowPayload } from '../report/show/showData.js';
import { writeShowPage } from '../report/show/showPage.js';
import { criteriaNames } from '../shared/engine/criteria.js';
import { allStages } from '../shared/engine/types.js';
import { settingsError } from './errors.js';
import { TooManyMappings } from '../shared/engine/mappingSearch.js';
import { ensureWritableDir } from './writableDir.js';
import { tooManyCircuitsError, tooManyMappingsError } from './flags.js';
import type { ShowFlags } from './showCommand.js';

/** The default page: beside the case, its name with `.html` in place of `.json`. */
export function defaultPagePath(file: string): string {
  const ext = extname(file);
  return join(dirname(file), `${basename(file, ext === '.json' ? ext : '')}.html`);
}

/**
 * The case's page data: its analysis with the case's settings, overridden by the flags; `stored`:
 * that analysis already made (a study's result for this case file), used instead of running it.
 */
export async function casePayload(file: string, flags: ShowFlags, stored?: readonly OutputResult[]): Promise<ShowPayload> {
  // A case file, or a model file with its task from --gates or --data (cli/modelInput.ts).
  const { readModelInput, writeWarnings } = await import('./modelInput.js');
  const { input, config, unavailable, warnings } = await readModelInput(file, flags);
  writeWarnings(warnings);
  const stages = allStages.filter((s) => !unavailable.has(s));
  const settings: AnalysisSettings = {
    ...config,
    stages,
    ...(flags.iia && { iiaPairs: flags.iia }),
    ...(flags.minSparsity !== undefined && { minSparsity: flags.minSparsity }),
    ...(flags.accuracyThreshold !== undefined && { accuracyThreshold: flags.accuracyThreshold }),
    ...(flags.formulaMaxDepth !== undefined && { formulaMaxDepth: flags.formulaMaxDepth }),
  };
  let options: AnalysisOptions;
  try {
    options = compileAnalysisOptions(settings, input.model);
  } catch (err) {
    if (err instanceof OptionsError) throw settingsError(file, err, flags);
    throw err;
  }
  const listLimit = flags.listLimit === 'all' ? null : flags.listLimit ?? DEFAULT_LIST_LIMIT;
  const meta = {
    title: `identifiability: ${basename(file)}`,
    source: file,
    settings: {
      'min sparsity': options.minSparsity,
      'accuracy threshold': options.accuracyThreshold,
      'formula depth': options.formulaMaxDepth,
      iia: options.iiaPairs,
      ...(flags.criteria && { criteria: criteriaNames(flags.criteria).join(', ') }),
    },
  };
  try {
    return buildShowPayload(input, options, meta, listLimit, stored, flags.criteria);
  } catch (err) {
    if (err instanceof TooManyMappings) throw tooManyMappingsError(file, err);
    // Only --criteria holds the circuits: its module is loaded when it can have thrown.
    if (flags.criteria && err instanceof (await import('../shared/engine/applyCriteria.js')).TooManyCircuits) throw tooManyCircuitsError(file, err);
    throw err;
  }
}

export async function showCase(file: string, flags: ShowFlags, print: (line: string) => void): Promise<string> {
  const out = flags.out ?? defaultPagePath(file);
  await ensureWritableDir(out, '--out', [['input file', file], ['--data file', flags.data]]);
  const payload = await casePayload(file, flags);
  await writeShowPage(out, payload);
  if (!flags.quiet) {
    payload.outputs.forEach((o, i) => {
      const listed = o.circuits ? `${o.circuits.codes.length} drawn` : `above the list limit, shares only`;
      print(`output ${i} (${o.gate}): ${o.kept} ${o.kept === 1 ? 'circuit' : 'circuits'} (${listed}), ${o.formulas.length} of ${o.formulasChecked} formulas with a minimal mapping`);
    });
    print(`wrote ${out}`);
  }
  return out;
}
