/** Flag value parsers for commander: each rejects a bad value with a message naming the flag. */
import { InvalidArgumentError } from 'commander';
import { allStages, type Stage } from '../shared/engine/types.js';

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
  return stages as Stage[];
}
