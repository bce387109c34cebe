/**
 * JSON text written a piece at a time, for records that hold a whole network's grounding
 * distribution (k = 6: 8.4 million counts, 379 MB of text) or a circuit list read back from disk.
 * As one string such a record costs several times its size in memory, and two of them in one
 * file pass V8's longest string (about 2^29 characters): `JSON.stringify` cannot write them.
 *
 * A `JsonPieces` value stands in a record for a value whose JSON text comes from a generator;
 * `jsonPieces(record)` is the record's JSON text, the same as `JSON.stringify` gives, in pieces.
 */
import { randomUUID } from 'node:crypto';

/** Set while `jsonPieces` stringifies a record: the stand-ins met, in the order of the text. */
let met: JsonPieces[] | null = null;
let marker = '';

export class JsonPieces {
  /** `pieces()`: the value's JSON text, in pieces; called once per time the value is written. */
  constructor(readonly pieces: () => Iterable<string>) {}

  /** Inside `jsonPieces` a marker string; in a plain `JSON.stringify`, the value itself. */
  toJSON(): unknown {
    if (met === null) return JSON.parse([...this.pieces()].join('')) as unknown;
    met.push(this);
    return `${marker}${met.length - 1}`;
  }
}

/** The JSON text of `value`, as `JSON.stringify(value)` would give it, in pieces. */
export function* jsonPieces(value: unknown): Generator<string> {
  const outer = { met, marker };
  // A fresh marker per call: no string of the record itself can be mistaken for one.
  const mine = `\u0001${randomUUID()}:`;
  met = [];
  marker = mine;
  let text: string;
  let stand: JsonPieces[];
  try {
    text = JSON.stringify(value);
    stand = met;
  } finally {
    ({ met, marker } = outer);
  }
  if (stand.length === 0) {
    yield text;
    return;
  }
  // The marker's \u0001 is written escaped, as the six characters \u0001.
  const quoted = new RegExp(`"\\\\u0001${mine.slice(1)}(\\d+)"`, 'g');
  let from = 0;
  for (const m of text.matchAll(quoted)) {
    yield text.slice(from, m.index);
    yield* (stand[Number(m[1])] as JsonPieces).pieces();
    from = (m.index as number) + m[0].length;
  }
  yield text.slice(from);
}

/**
 * `format(item)` of every item, joined by `separator`, a run of `per` items to a piece: the
 * entries of a distribution of millions of counts, as one string each run.
 */
export function* joinedPieces<T>(items: Iterable<T>, format: (item: T) => string, separator: string, per = 1 << 16): Generator<string> {
  let text = '';
  let i = 0;
  for (const item of items) {
    text += `${i ? separator : ''}${format(item)}`;
    if (++i % per === 0) {
      yield text;
      text = '';
    }
  }
  if (text) yield text;
}
