/** Flag value parsers for commander: each rejects a bad value with a message naming the flag. */
import { InvalidArgumentError, type Command } from 'commander';
import { UsageError } from './errors.js';
import { CriteriaError, criteriaNames, parseCriteria, type Criteria } from '../shared/engine/criteria.js';
import { GateError, parseGateList } from '../shared/engine/gates.js';
import { allStages, type Gate, type Stage } from '../shared/engine/types.js';
import { defaultThreads } from '../worker/threads.js';

export function unitInterval(value: string): number {
  const v = Number(value);
  if (value.trim() === '' || !Number.isFinite(v) || v < 0 || v > 1) throw new InvalidArgumentError(`expected a number in [0, 1], got '${value}'`);
  return v;
}

export function positiveInt(value: string): number {
  const v = Number(value);
  if (!Number.isInteger(v) || v < 1) throw new InvalidArgumentError(`expected a positive integer, got '${value}'`);
  return v;
}

/**
 * Pool threads: at most four per core (eight at least). Each thread holds its own engine tables
 * (tens of MB on a large network) and CPU-bound threads past the cores only take turns: 200 on
 * two cores took 69 s and 2.7 GB where 2 took 4.7 s and 250 MB.
 */
export function threadCount(value: string): number {
  const v = positiveInt(value);
  const most = Math.max(8, 4 * defaultThreads());
  if (v > most) throw new InvalidArgumentError(`${v} threads on ${defaultThreads()} cores: at most ${most} (four per core); threads past the cores only add memory`);
  return v;
}

export function nonNegativeInt(value: string): number {
  const v = Number(value);
  if (!Number.isInteger(v) || v < 0) throw new InvalidArgumentError(`expected a non-negative integer, got '${value}'`);
  return v;
}

export function stageList(value: string): Stage[] {
  const stages = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const s of stages) {
    if (!allStages.includes(s as Stage)) throw new InvalidArgumentError(`unknown stage '${s}' (expected a comma-separated subset of ${allStages.join(',')})`);
  }
  if (stages.length === 0) throw new InvalidArgumentError('expected at least one stage');
  return [...new Set(stages)] as Stage[];
}

export function numberList(check: (v: number) => boolean, what: string): (value: string) => number[] {
  return (value: string) => {
    const items = value.split(',').map((s) => s.trim()).filter(Boolean);
    const nums = items.map(Number);
    if (items.length === 0 || nums.some((v) => !Number.isFinite(v) || !check(v))) throw new InvalidArgumentError(`expected a comma-separated list of ${what}, got '${value}'`);
    return nums;
  };
}

export function nonNegativeNumber(value: string): number {
  const v = Number(value);
  if (value.trim() === '' || !Number.isFinite(v) || v < 0) throw new InvalidArgumentError(`expected a non-negative number, got '${value}'`);
  return v;
}

export function port(value: string): number {
  const v = Number(value);
  if (!Number.isInteger(v) || v < 0 || v > 65535) throw new InvalidArgumentError(`expected a port in [0, 65535], got '${value}'`);
  return v;
}

/**
 * `--gates`: named gates in any case and `tt:` tables, canonical (gates.ts). Arities may differ
 * here: a study with `--per-gate` allows it, and compileStudyOptions refuses it otherwise.
 */
export function gateList(value: string): Gate[] {
  try {
    return parseGateList(value, { mixedArities: true }).map((g) => g.name);
  } catch (err) {
    if (err instanceof GateError) throw new InvalidArgumentError(err.message);
    throw err;
  }
}

/** `--list-limit`: a non-negative integer, or `all`. */
export function listLimit(value: string): number | 'all' {
  if (value === 'all') return 'all';
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`expected a non-negative integer or 'all', got '${value}'`);
  return Number(value);
}

/** A positive number written as an integer or in e-notation (`2e8`). */
export function positiveCount(value: string): number {
  const v = Number(value);
  if (!(Number.isFinite(v) && v >= 1 && Number.isInteger(v))) throw new InvalidArgumentError(`expected a positive integer (e.g. 200000000 or 2e8), got '${value}'`);
  return v;
}

/** `--layers FROM:TO`: two layer indices, 0 being the input layer. */
export function layerRange(value: string): { from: number; to: number } {
  const m = /^(\d+):(\d+)$/.exec(value.trim());
  if (!m || Number(m[1]) >= Number(m[2])) throw new InvalidArgumentError(`expected FROM:TO with layer indices FROM < TO (0 is the input layer), got '${value}'`);
  return { from: Number(m[1]), to: Number(m[2]) };
}

/** `--criteria a,b,...`: the stricter criteria (shared/engine/criteria.ts), e.g. `minimal-circuits,faithful:0.05`. */
export function criteriaList(value: string): Criteria {
  if (value.trim() === '') throw new InvalidArgumentError('expected at least one criterion');
  try {
    return parseCriteria(value);
  } catch (err) {
    if (err instanceof CriteriaError) throw new InvalidArgumentError(err.message);
    throw err;
  }
}

/** `run --criteria`: the same list as text, canonical (the study options hold text). */
export function criteriaText(value: string): string {
  return criteriaNames(criteriaList(value)).join(',');
}

/** The circuit search's two filters, shared by every command that searches one case's circuits. */
export function addCircuitFilterFlags<C extends Command>(command: C): C {
  return command
    .option('--min-sparsity <x>', 'keep node masks with hidden sparsity strictly above x (default: config, else 0)', unitInterval)
    .option('--accuracy-threshold <x>', 'keep circuits with accuracy strictly above x (default: config, else 0.99)', unitInterval);
}

/** A model file's task (analyze, check, show, discover): the gates whose data is drawn as a study draws it, or the user's samples. */
export function addModelTaskFlags<C extends Command>(command: C): C {
  return command
    .option('--gates <list>', 'model file: the gate of each output, comma-separated; draws the validation and grounding sets as a study does (with --data: names the outputs)', gateList)
    .option('--data <file>', 'model file: your own samples, CSV or JSON (input columns, then one target column per output)')
    .option('--seed <n>', 'with --gates: seed of the drawn sets, as a study network of this seed (default 0)', nonNegativeInt)
    .option('--noise-std <x>', 'with --gates: Gaussian input noise std (default 0)', nonNegativeNumber)
    .option('--validation-repeats <n>', 'with --gates: validation samples per input pattern (default 50)', positiveInt)
    .option('--grounding-repeats <n>', 'with --gates: grounding samples per input pattern (default 10)', positiveInt);
}

/** Default bound on the kept circuits held per output under --criteria (about 40 MB at k = 3). */
export const DEFAULT_CRITERIA_LIMIT = 1_000_000;

/**
 * What to change when joint-iia meets an output whose mappings are past the listing bound and whose
 * hidden neurons are more than 53, too many to key its interventions by (shared/engine/mappingSearch.ts
 * TooManyMappings): without it the mappings are counted.
 */
export const MAPPING_BOUND_ADVICE = 'drop the criterion joint-iia to count them, or lower --formula-max-depth';

/** The formula search listed past its bound in this thread: the engine's reason and what to change. */
export function tooManyMappingsError(file: string, err: Error): UsageError {
  return new UsageError(`${file}: ${err.message}; ${MAPPING_BOUND_ADVICE}`, { cause: err });
}

/** `--criteria` holds every kept circuit of an output: past --list-limit, one line saying what to change. */
export function tooManyCircuitsError(file: string, err: Error): UsageError {
  return new UsageError(`${file}: ${err.message}, and --criteria holds every kept circuit in memory; raise --list-limit (or 'all'), or narrow the search with --min-sparsity`, { cause: err });
}
