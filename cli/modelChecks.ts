/**
 * What a model file and its task are checked for before any search: a model file is read by
 * convention (layer order, LeakyReLU) and its task comes from flags, so a misread network or a
 * task that does not fit it would otherwise give 0 circuits (or many meaningless ones) in silence.
 */
import { correctPerOutput } from '../shared/engine/network.js';
import { correctNeeded } from '../shared/engine/samples.js';
import { gateOutput, gateSpec, GATE_ARITIES, TRUTH_TABLE_PREFIX } from '../shared/engine/gates.js';
import { gateNames, type Dataset, type Gate, type NetworkModel } from '../shared/engine/types.js';
import { UsageError } from './errors.js';
import type { TaskFlags } from './modelInput.js';

/** The flags that shape the drawn sets of `--gates`, by their option names. */
const GATE_SET_FLAGS = [
  ['seed', '--seed'],
  ['noiseStd', '--noise-std'],
  ['validationRepeats', '--validation-repeats'],
  ['groundingRepeats', '--grounding-repeats'],
] as const;

/** The drawing flags given (commander sets none by default, so undefined is "not given"). */
export function gateSetFlagsGiven(flags: TaskFlags): string[] {
  return GATE_SET_FLAGS.filter(([key]) => flags[key] !== undefined).map(([, name]) => name);
}

/** Refuses a network without a hidden layer: there is no node mask to search (`0 kept of 0`). */
export function requireHiddenLayer(file: string, sizes: readonly number[], slice?: { from: number; to: number }): void {
  if (sizes.length >= 3) return;
  const what = slice ? `--layers ${slice.from}:${slice.to} leaves [${sizes.join(', ')}], with` : `the network [${sizes.join(', ')}] has`;
  throw new UsageError(`${file}: ${what} no hidden layer: the circuit and mapping searches need at least one${slice ? ' (start the slice at a lower layer)' : ''}`);
}

export interface AccuracyReport {
  /** One note per output. */
  readonly notes: string[];
  /** One line when some output is not above the threshold, else null. */
  readonly warning: string | null;
}

/**
 * The whole network's accuracy on the validation samples, per output, as the circuit search
 * scores a circuit. A circuit is a sub-network of it, so a network that does not pass its own
 * task leaves no circuit to find: the warning names why that usually happens.
 */
export function accuracyReport(file: string, model: NetworkModel, validation: Dataset, names: readonly string[], threshold: number): AccuracyReport {
  const correct = correctPerOutput(model, validation);
  const total = validation.n;
  const needed = correctNeeded(total, threshold);
  const label = (o: number): string => `output ${o} (${names[o] ?? o})`;
  const share = (c: number): string => (c / total).toFixed(3);
  const notes = correct.map((c, o) => `accuracy: ${label(o)}: the whole network is right on ${c} of ${total} validation samples (${share(c)})`);
  const low = correct.flatMap((c, o) => (c < needed ? [`${c} of ${total} samples for ${label(o)} (${share(c)})`] : []));
  const warning = low.length
    ? `warning: ${file}: the whole network is right on only ${low.join(', ')}, not above the accuracy threshold ${threshold}, so no circuit can be expected to pass; likely causes: an activation other than LeakyReLU(0.01), layers read in a different order, or targets/gates that do not match the network`
    : null;
  return { notes, warning };
}

/** A column's target per input pattern (inputs all 0 or 1), or null when two samples of one pattern disagree. */
function columnTable(data: Dataset, o: number): Map<number, number> | null {
  const { n, nIn, nOut, x, y } = data;
  const table = new Map<number, number>();
  for (let s = 0; s < n; s++) {
    let p = 0;
    for (let i = 0; i < nIn; i++) p = (p << 1) | (x[s * nIn + i] as number);
    const v = y[s * nOut + o] as number;
    if ((table.get(p) ?? v) !== v) return null;
    table.set(p, v);
  }
  return table;
}

/** The gate a target column holds: the first named gate that agrees on every sample, else a full `tt:` table, else null. */
export function columnGate(data: Dataset, o: number): Gate | null {
  const table = columnTable(data, o);
  const { nIn } = data;
  if (!table || !GATE_ARITIES.includes(nIn) || [...table.values()].some((v) => v !== 0 && v !== 1)) return null;
  const named = gateNames.find((g) => gateSpec(g).arity === nIn && [...table].every(([p, v]) => ((gateSpec(g).table >>> p) & 1) === v));
  if (named) return named;
  if (table.size < 2 ** nIn) return null;
  return `${TRUTH_TABLE_PREFIX}${Array.from({ length: 2 ** nIn }, (_, p) => table.get(p)).join('')}` as Gate;
}

/**
 * With --data and --gates the data's targets are scored and the gates only name the outputs for
 * the formula search: a gate that its column contradicts would search formulas for another task.
 * For binary inputs of the gates' arity only (`columns[o]` names output o's column).
 */
export function checkGatesMatchTargets(dataFile: string, data: Dataset, gates: readonly Gate[], columns: readonly string[]): void {
  const { n, nIn, nOut, x, y } = data;
  gates.forEach((gate, o) => {
    let wrong = 0;
    for (let s = 0; s < n; s++) if (gateOutput(gate, Array.from(x.subarray(s * nIn, (s + 1) * nIn))) !== y[s * nOut + o]) wrong++;
    if (wrong === 0) return;
    const holds = columnGate(data, o);
    throw new UsageError(`${dataFile}: ${columns[o] ?? `target ${o}`} is not the truth table of --gates ${gate}: ${wrong} of ${n} samples disagree${holds ? `; the column is ${holds}` : ''} (the targets are scored; --gates only names the outputs for the formula search)`);
  });
}
