/**
 * `check` end to end: every golden circuit is valid and counted like `analyze`; a perturbed one is
 * not and gets a nearest valid circuit; bad circuit files give one line and exit 2.
 */
import test from 'ava';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, runCli } from '../helpers/cli.js';
import { goldenCases } from '../helpers/golden.js';
import { tempDir } from '../helpers/tempDir.js';

const tmp = tempDir('identifiability-check-');
const xor = goldenCases().find((c) => c.name === 'xor-k3-s4')!;
const circuits: { node_masks: number[][]; edge_masks: number[][][] }[] = xor.json.expected[0].circuits;
const edgesOf = (c: (typeof circuits)[number]): number => c.edge_masks.flat(2).filter((b) => b === 1).length;

function circuitFile(name: string, json: unknown): string {
  const path = join(tmp, `${name}.json`);
  writeFileSync(path, typeof json === 'string' ? json : JSON.stringify(json));
  return path;
}

test('golden circuits are valid; counts agree with the golden list', async (t) => {
  for (const k of [0, 17, 53]) {
    const c = circuits[k]!;
    const out = join(tmp, `valid-${k}.json`);
    const r = await runCli(['check', xor.path, '--circuit', circuitFile(`c${k}`, { node_masks: c.node_masks, edge_masks: c.edge_masks }), '--json', out]);
    t.is(r.code, 0, r.stderr);
    const o = JSON.parse(readFileSync(out, 'utf8')).outputs[0];
    t.is(o.gate, 'XOR');
    t.true(o.valid);
    t.true(o.accuracy > 0.99);
    t.is(o.valid_circuits, circuits.length);
    t.is(o.valid_with_at_most_as_many_edges, circuits.filter((v) => edgesOf(v) <= edgesOf(c)).length);
    t.is(o.nearest_valid, null);
    t.is(o.jaccard_to_nearest, null);
    t.is(o.diagnostics.min_edges, Math.min(...circuits.map(edgesOf)));
  }
});

test('a perturbed circuit is invalid and names its nearest valid circuit from the golden list', async (t) => {
  const c = JSON.parse(JSON.stringify(circuits[0]));
  c.edge_masks[1][0] = [1, 1, 1]; // edges into a node that is off: not a candidate
  const out = join(tmp, 'perturbed-verdict.json');
  const r = await runCli(['check', xor.path, '--circuit', circuitFile('perturbed', { node_masks: c.node_masks, edge_masks: c.edge_masks }), '--json', out]);
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /NOT valid/);
  const o = JSON.parse(readFileSync(out, 'utf8')).outputs[0];
  t.false(o.valid);
  t.false(o.minimal);
  t.true(circuits.some((v) => JSON.stringify([v.node_masks, v.edge_masks]) === JSON.stringify([o.nearest_valid.node_masks, o.nearest_valid.edge_masks])));
  t.true(o.jaccard_to_nearest > 0 && o.jaccard_to_nearest < 1);
});

const bad: [string, string, RegExp][] = [
  ['missing', join(tmp, 'nope.json'), /nope\.json: cannot read the circuit file \(no such file\)/],
  ['malformed', 'MALFORMED', /malformed-circuit\.json: malformed JSON/],
  ['bad field', 'FIELD', /field-circuit\.json: edge_masks\[2\]\[0\]: expected 3 values, got 2/],
  ['bad edge', 'EDGE', /edge-circuit\.json: \[0\]\[1\]: layer 1 has 3 nodes, got node 7/],
];
for (const [name, which, message] of bad) {
  test(`bad circuit file: ${name} gives one line, exit 2, no output file`, async (t) => {
    const file =
      which === 'MALFORMED'
        ? circuitFile('malformed-circuit', '{"node_masks": [')
        : which === 'FIELD'
          ? circuitFile('field-circuit', { node_masks: circuits[0]!.node_masks, edge_masks: [...circuits[0]!.edge_masks.slice(0, 2), [[1, 0]]] })
          : which === 'EDGE'
            ? circuitFile('edge-circuit', [['0.0', '1.7']])
            : which;
    const out = join(tmp, `out-${name}.json`);
    const r = await runCli(['check', xor.path, '--circuit', file, '--json', out]);
    t.is(r.code, 2);
    t.regex(r.stderr, message);
    t.is(r.stderr.trim().split('\n').length, 1, r.stderr);
    t.false(existsSync(out));
  });
}

test('a two-output network: {"outputs": [...]} takes one circuit per output, each judged on its own valid set', async (t) => {
  const two = goldenCases().find((c) => c.name === 'xor+and-k3-s3')!;
  const [xorList, andList] = two.json.expected.map((e: any) => e.circuits);
  const pick = (c: any) => ({ node_masks: c.node_masks, edge_masks: c.edge_masks });
  const out = join(tmp, 'two-verdict.json');
  const r = await runCli(['check', two.path, '--circuit', circuitFile('two', { outputs: [pick(andList[0]), pick(andList[0])] }), '--json', out]);
  t.is(r.code, 0, r.stderr);
  const [o0, o1] = JSON.parse(readFileSync(out, 'utf8')).outputs;
  t.is(o0.gate, 'XOR');
  t.is(o0.valid_circuits, xorList.length);
  t.is(o0.valid, xorList.some((c: any) => JSON.stringify(pick(c)) === JSON.stringify(pick(andList[0]))));
  t.is(o1.gate, 'AND');
  t.true(o1.valid);
  t.is(o1.valid_circuits, andList.length);
});

test('--criteria minimal-circuits: valid means minimal among the golden list, counted from that list', async (t) => {
  const flat = (c: (typeof circuits)[number]): number[] => [...c.node_masks.flat(), ...c.edge_masks.flat(2)];
  const inside = (a: number[], b: number[]): boolean => a.every((v, i) => v <= (b[i] as number)) && a.some((v, i) => v !== b[i]);
  const minimal = circuits.map((c) => !circuits.some((d) => inside(flat(d), flat(c))));
  t.true(minimal.includes(true) && minimal.includes(false), 'the case has minimal and non-minimal circuits');
  for (const k of [minimal.indexOf(true), minimal.indexOf(false)]) {
    const c = circuits[k]!;
    const out = join(tmp, `minimal-${k}.json`);
    const r = await runCli(['check', xor.path, '--criteria', 'minimal-circuits', '--circuit', circuitFile(`m${k}`, { node_masks: c.node_masks, edge_masks: c.edge_masks }), '--json', out]);
    t.is(r.code, 0, r.stderr);
    const o = JSON.parse(readFileSync(out, 'utf8')).outputs[0];
    t.is(o.valid, minimal[k]);
    t.is(o.valid_circuits, minimal.filter(Boolean).length);
    t.deepEqual(o.criteria, ['minimal-circuits']);
  }
  const bad = await runCli(['check', xor.path, '--criteria', 'joint-iia', '--circuit', circuitFile('m-bad', { node_masks: circuits[0]!.node_masks, edge_masks: circuits[0]!.edge_masks })]);
  t.is(bad.code, 2);
  t.regex(bad.stderr, /check judges circuits; joint-iia filter mappings/);
});

test('--json that is a directory, the case or the circuit file is refused before the check, one line', async (t) => {
  const c = circuits[0]!;
  const circuit = circuitFile('out-path', { node_masks: c.node_masks, edge_masks: c.edge_masks });
  // A copy: were the check missing, the golden case would be overwritten.
  const copy = join(tmp, 'xor-case.json');
  copyFileSync(xor.path, copy);
  const cases: [string, RegExp][] = [
    [tmp, /--json .*: is a directory; give a file path/],
    [copy, /--json .*xor-case\.json: is the input file itself/],
    [circuit, /--json .*out-path\.json: is the --circuit file itself/],
  ];
  for (const [out, message] of cases) {
    const r = await runCli(['check', copy, '--circuit', circuit, '--json', out]);
    t.is(r.code, 2);
    t.regex(r.stderr, message);
    t.is(r.stderr.trim().split('\n').length, 1, r.stderr);
    t.is(r.stdout, '');
  }
  t.deepEqual(JSON.parse(readFileSync(circuit, 'utf8')), { node_masks: c.node_masks, edge_masks: c.edge_masks });
  t.deepEqual(readFileSync(copy), readFileSync(xor.path));
});

test('a model file whose network fails the task is checked with one warning on stderr', async (t) => {
  const c = circuits[0]!;
  const r = await runCli(['check', join(repoRoot, 'test/fixtures/models/authors.pt'), '--gates', 'AND', '--circuit', circuitFile('warned', { node_masks: c.node_masks, edge_masks: c.edge_masks })]);
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /^network: .*\naccuracy: output 0 \(AND\): the whole network is right on \d+ of 200 validation samples/);
  t.regex(r.stderr, /^warning: .*authors\.pt: the whole network is right on only \d+ of 200 samples for output 0 \(AND\).*\n$/);
});
