import test from 'ava';
import fc from 'fast-check';
import { JsonPieces, jsonPieces } from '../../coordinator/jsonPieces.js';

/** A stand-in for `v` whose text comes in pieces of a few characters. */
const standIn = (v: unknown): JsonPieces =>
  new JsonPieces(function* () {
    const text = JSON.stringify(v);
    for (let i = 0; i < text.length; i += 3) yield text.slice(i, i + 3);
  });

/** Replaces some values of a JSON tree (chosen by `pick`) by stand-ins. */
function withStandIns(v: unknown, pick: () => boolean): unknown {
  if (pick()) return standIn(v);
  if (Array.isArray(v)) return v.map((x) => withStandIns(x, pick));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withStandIns(x, pick)]));
  return v;
}

test('a record with stand-ins anywhere is written as JSON.stringify writes it with the values inline', (t) => {
  fc.assert(
    fc.property(fc.jsonValue(), fc.array(fc.boolean(), { minLength: 1, maxLength: 20 }), (value, picks) => {
      let k = 0;
      const record = { head: '\u0001 not a marker', value: withStandIns(value, () => picks[k++ % picks.length] as boolean), tail: [1, 2] };
      const expected = JSON.stringify({ head: '\u0001 not a marker', value, tail: [1, 2] });
      t.is([...jsonPieces(record)].join(''), expected);
      // Outside jsonPieces a stand-in is its value.
      t.is(JSON.stringify(record), expected);
    }),
    { numRuns: 300, seed: 7 },
  );
});

test('a stand-in written inside another stand-in\'s pieces', (t) => {
  const inner = { a: standIn([1, 'x']), b: null };
  const outer = { list: new JsonPieces(() => jsonPieces([inner, standIn('y')])), n: 3 };
  t.is([...jsonPieces(outer)].join(''), '{"list":[{"a":[1,"x"],"b":null},"y"],"n":3}');
});

test('a record without stand-ins is one piece', (t) => {
  t.deepEqual([...jsonPieces({ a: [1, 2], b: 'c' })], ['{"a":[1,2],"b":"c"}']);
});
