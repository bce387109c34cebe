/** `identifiability analyze CASE.json`: every count of the paper for one network. */
import { performance } from 'node:perf_hooks';
import { analyzeOutput, type StageHook } from '../shared/engine/analyze.js';
import { compileAnalysisOptions, OptionsError, type AnalysisSettings } from '../shared/engine/options.js';
import type { IiaPairs, OutputAnalysis, Stage } from '../shared/engine/types.js';
import { outputJsonChunks } from '../coordinator/analysisJson.js';
import { openAtomicStream } from '../coordinator/atomicFile.js';
import { readCase } from './caseInput.js';
import { UsageError } from './errors.js';
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
  const timings = new Map<string, number>();
  const hook: StageHook = (stage, o, run) => {
    const t0 = performance.now();
    try {
      return run();
    } finally {
      timings.set(`${stage}:${o}`, performance.now() - t0);
    }
  };
  const out = flags.json ? openAtomicStream(flags.json) : null;
  try {
    await out?.write('{"outputs":[');
    for (let o = 0; o < input.gates.length; o++) {
      const result: OutputAnalysis = analyzeOutput(input, o, options, hook);
      if (!flags.quiet) for (const line of outputSummary(result, o, options.stages, timings)) print(line);
      if (out) {
        await out.write(o === 0 ? '\n' : ',\n');
        for (const chunk of outputJsonChunks(result)) await out.write(chunk);
      }
    }
    await out?.write('\n]}\n');
    await out?.commit();
  } catch (err) {
    await out?.abort();
    throw err;
  }
  if (flags.json && !flags.quiet) print(`wrote ${flags.json}`);
}
