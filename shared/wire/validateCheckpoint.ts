/** Validation of a network result's training checkpoints (`--checkpoints`; messages.ts `CheckpointResult`). */
import * as c from './check.js';

const nonNegativeBigint = (v: unknown, p: string): bigint => (typeof v === 'bigint' && v >= 0n ? v : c.fail(p, 'a non-negative bigint', v));

export function checkpointResult(v: unknown, p: string): void {
  const k = c.record(v, p);
  c.positiveInt(k.epoch, `${p}.epoch`);
  c.finite(k.loss, `${p}.loss`);
  c.unit(k.validationAccuracy, `${p}.validationAccuracy`);
  c.arrayOf(k.outputs, `${p}.outputs`, (o, q) => {
    const out = c.record(o, q);
    c.nonNegativeInt(out.kept, `${q}.kept`);
    c.nullable(out.groundingsTotal, `${q}.groundingsTotal`, nonNegativeBigint);
    c.nonNegativeInt(out.formulas, `${q}.formulas`);
    c.nonNegativeInt(out.mappings, `${q}.mappings`);
    c.nullable(out.circuitIds, `${q}.circuitIds`, (ids, r) => c.arrayOf(ids, r, c.nonEmptyString));
  });
}
