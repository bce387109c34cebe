/** `identifiability analyze CASE.json`: every count of the paper for one network. */
import { analyzeOutputStream, type StageHook } from '../shared/engine/analyze.js';
import { toCircuitRecord } from '../shared/engine/circuitRecord.js';
import { compileAnalysisOptions, OptionsError, type AnalysisSettings } from '../shared/engine/options.js';
import type { IiaPairs, Stage } from '../shared/engine/types.js';
import { circuitChunkJson, outputHeadJson, outputTailJson } from '../coordinator/analysisJson.js';
import { openAtomicSyncWriter } from '../coordinator/atomicFile.js';
import { readCase } from './caseInput.js';
import { UsageError } from './errors.js';
import { stageTimer } from '../worker/stageTimer.js';
import { GroundingStats } from './groundingStats.js';
import { outputSummary } from './summary.js';

export interface AnalyzeFlags {
  readonly json?: string;
  readonly iia?: IiaPairs;
  readonly minSparsity?: number;
  readonly accuracyThreshold?: number;
  readonly formulaMaxDepth?: number;
  readonly stages?: Stage[];
  readonly maxCircuits?: number;
  readonly quiet?: boolean;
}

export async function analyzeCommand(file: string, flags: AnalyzeFlags, print: (line: string) => void): Promise<void> {
  const { input, config } = await readCase(file);
  const settings: AnalysisSettings = {
    ...config,
    ...(flags.iia && { iiaPairs: flags.iia }),
    ...(flags.minSparsity !== undefined && { minSparsity: flags.minSparsity }),
    ...(flags.accuracyThreshold !== undefined && { accuracyThreshold: flags.accuracyThreshold }),
    ...(flags.formulaMaxDepth !== undefined && { formulaMaxDepth: flags.formulaMaxDepth }),
    ...(flags.stages && { stages: flags.stages }),
    ...(flags.maxCircuits !== undefined && { maxCircuits: flags.maxCircuits }),
  };
  let options;
  try {
    options = compileAnalysisOptions(settings, input.model);
  } catch (err) {
    if (err instanceof OptionsError) throw new UsageError(`${file}: ${err.message}`, { cause: err });
    throw err;
  }
  const timer = stageTimer();
  const timings = timer.timings;
  const hook: StageHook = (stage, o, run) => timer.time(`${stage}:${o}`, run);
  // Circuits go to the file as they are found; only counts and a histogram stay in memory.
  const out = flags.json ? openAtomicSyncWriter(flags.json) : null;
  const sizes = [...input.model.layerSizes.slice(0, -1), 1];
  try {
    out?.write('{"outputs":[');
    for (let o = 0; o < input.gates.length; o++) {
      const stats = new GroundingStats();
      let first = true;
      out?.write((o === 0 ? '\n' : ',\n') + outputHeadJson(input.gates[o] as string));
      const summary = analyzeOutputStream(input, o, options, (code, groundings) => {
        if (groundings !== null) stats.add(groundings);
        if (out) out.write(circuitChunkJson(toCircuitRecord(sizes, code, groundings), first));
        first = false;
      }, hook);
      out?.write(outputTailJson(summary));
      if (!flags.quiet) for (const line of outputSummary(summary, stats, o, options.stages, timings)) print(line);
    }
    out?.write('\n]}\n');
    out?.commit();
  } catch (err) {
    out?.abort();
    throw err;
  }
  if (flags.json && !flags.quiet) print(`wrote ${flags.json}`);
}
