/**
 * `--data FILE` (cli/taskData.ts): the CSV dialects researchers export, decimal cells only, integer
 * targets only, UTF-16 refused by name, a flat JSON `y` for one output. Every refusal is one
 * UsageError naming the file and the line and column (CSV) or the sample (JSON).
 */
import test from 'ava';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cellNumber, csvDialect, readUserData } from '../../cli/taskData.js';
import { UsageError } from '../../cli/errors.js';
import { tempDir } from '../helpers/tempDir.js';

const tmp = tempDir('identifiability-taskdata-');
const XOR_X = [0, 0, 0, 1, 1, 0, 1, 1];
const XOR_Y = [0, 1, 1, 0];

function file(name: string, content: string | Uint8Array): string {
  const path = join(tmp, name);
  writeFileSync(path, content);
  return path;
}

const dialects: [string, string, string[]][] = [
  ['comma', 'a,b,xor\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n', ['xor']],
  ['tab (pandas sep="\\t")', 'a\tb\txor\n0\t0\t0\n0\t1\t1\n1\t0\t1\n1\t1\t0\n', ['xor']],
  ['semicolon', 'a;b;xor\r\n0;0;0\r\n0;1;1\r\n1;0;1\r\n1;1;0\r\n', ['xor']],
  // np.savetxt's defaults: fmt='%.18e', delimiter ' ', a `# ` header line.
  ['np.savetxt', `# a b xor\n${[[0, 0, 0], [0, 1, 1], [1, 0, 1], [1, 1, 0]].map((r) => r.map((v) => v.toExponential(18)).join(' ')).join('\n')}\n`, ['target 0']],
  ['runs of spaces', 'a   b  xor\n 0  0  0\n0 1   1\n\n1 0 1\n1 1 0  \n', ['xor']],
];
for (const [name, text, names] of dialects) {
  test(`a ${name} file reads as the same samples`, async (t) => {
    const { data, targetNames } = await readUserData(file(`${name.replace(/\W+/g, '-')}.csv`, text), 2, 1);
    t.deepEqual([...data.x], XOR_X);
    t.deepEqual([...data.y], XOR_Y);
    t.deepEqual(targetNames, names);
  });
}

test('the delimiter comes from the first line that is not empty or a comment', (t) => {
  t.is(csvDialect('# a,b\n\n0\t1\t1\n'), 'tab');
  t.is(csvDialect('0;1,5;1\n'), 'comma');
  t.is(csvDialect('0;1;1\n'), 'semicolon');
  t.is(csvDialect('0 1 1\n'), 'spaces');
});

test('cells are decimal numbers or true/false: hex, binary, octal and infinities are not numbers', (t) => {
  for (const [cell, n] of [['1', 1], ['-2.5', -2.5], ['+.5', 0.5], ['1.', 1], ['1e-3', 0.001], ['3.0E+00', 3], ['TRUE', 1], ['False', 0], [' true ', 1]] as const) t.is(cellNumber(cell), n, cell);
  for (const cell of ['0x1', '0b1', '0o0', 'Infinity', 'inf', 'nan', '', ' ', '1_000', '1e', '.', '--1']) t.is(cellNumber(cell), null, cell);
});

test('a hex cell is refused naming its line and column; a first row of hex cells is a header by the same rule', async (t) => {
  const err = await t.throwsAsync(readUserData(file('hex.csv', 'a,b,y\n0,0,0\n0x1,1,0\n'), 2, 1), { instanceOf: UsageError });
  t.regex(err.message, /hex\.csv: line 3 column 1: expected a finite decimal number \(or true\/false\), got "0x1"/);
  const { data } = await readUserData(file('hexhead.csv', '0x1,0b1,0o0\n0,1,1\n'), 2, 1);
  t.is(data.n, 1);
});

test('boolean columns read as 1 and 0', async (t) => {
  const { data } = await readUserData(file('bool.csv', 'a,b,y\nFalse,True,true\nTRUE,true,FALSE\n'), 2, 1);
  t.deepEqual([...data.x], [0, 1, 1, 1]);
  t.deepEqual([...data.y], [1, 0]);
});

test('soft targets are refused (no rounded output ever equals 0.9); integer targets other than 0/1 are read', async (t) => {
  const csv = await t.throwsAsync(readUserData(file('soft.csv', '# soft labels\na,b,y\n0,0,0.1\n0,1,0.9\n'), 2, 1), { instanceOf: UsageError });
  t.regex(csv.message, /soft\.csv: line 3 column 3: target 0\.1 is not an integer; .*rounded output equals its target/);
  const json = await t.throwsAsync(readUserData(file('soft.json', '{"x": [[0, 0], [0, 1]], "y": [[0], [0.9]]}'), 2, 1), { instanceOf: UsageError });
  t.regex(json.message, /soft\.json: y\[1\]\[0\] \(sample 1\): target 0\.9 is not an integer/);
  const { data } = await readUserData(file('signed.csv', '0,0,-1\n0,1,2\n'), 2, 1);
  t.deepEqual([...data.y], [-1, 2]);
});

test('UTF-16 files (either BOM) and files with NUL bytes are refused by name, not as malformed CSV', async (t) => {
  const utf16le = new Uint8Array([0xff, 0xfe, ...[...'a,b,y\n0,1,1\n'].flatMap((c) => [c.charCodeAt(0), 0])]);
  const utf16be = new Uint8Array([0xfe, 0xff, ...[...'a,b,y\n0,1,1\n'].flatMap((c) => [0, c.charCodeAt(0)])]);
  for (const [name, bytes] of [['le.csv', utf16le], ['be.csv', utf16be], ['nul.csv', new Uint8Array([0x30, 0x2c, 0x00, 0x0a])]] as const) {
    const err = await t.throwsAsync(readUserData(file(name, bytes), 2, 1), { instanceOf: UsageError });
    t.regex(err.message, new RegExp(`${name.replace('.', '\\.')}: is UTF-16 \\(or binary\\): save it as UTF-8 CSV`));
  }
});

test('a UTF-8 BOM (Excel\'s CSV UTF-8) is not part of the first header name', async (t) => {
  const { targetNames } = await readUserData(file('bom.csv', '\uFEFFa,b,xor\n0,1,1\n'), 2, 1);
  t.deepEqual(targetNames, ['xor']);
});

test('a row of the wrong width names its line in the file, past comments and blank lines', async (t) => {
  const err = await t.throwsAsync(readUserData(file('width.csv', '# made by hand\na,b,y\n\n0,1,1\n1,1\n'), 2, 1), { instanceOf: UsageError });
  t.regex(err.message, /width\.csv: line 5: expected 3 columns \(2 inputs of the model, then 1 target\), got 2/);
});

test('JSON: a flat y is one target per sample when the network has one output, and refused for two', async (t) => {
  const path = file('flat.json', JSON.stringify({ x: [[0, 0], [0, 1], [1, 0], [1, 1]], y: XOR_Y }));
  const { data, targetColumns } = await readUserData(path, 2, 1);
  t.deepEqual([...data.y], XOR_Y);
  t.deepEqual(targetColumns, ['y[*][0]']);
  const err = await t.throwsAsync(readUserData(path, 2, 2), { instanceOf: UsageError });
  t.regex(err.message, /flat\.json: y\[0\]: expected an array of 2 targets/);
});

test('the target columns are named for messages: by header, by number, by JSON index', async (t) => {
  t.deepEqual((await readUserData(file('two.csv', 'a,b,xor,and\n0,1,1,0\n'), 2, 2)).targetColumns, ['column 3 ("xor")', 'column 4 ("and")']);
  t.deepEqual((await readUserData(file('bare.csv', '0,1,1,0\n'), 2, 2)).targetColumns, ['column 3', 'column 4']);
});
