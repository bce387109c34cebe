/**
 * deploy/prometheus checked by the real promtool: both scrape configs, the alert rules, and the
 * alert unit tests in alerts.test.yml (every alert firing and not firing).
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { knownSeriesNames, referencedMetrics } from '../helpers/promql.js';

const DIR = resolve('deploy/prometheus');

interface Run {
  readonly status: number | null;
  readonly output: string;
}

function promtool(...args: string[]): Run {
  const res = spawnSync('promtool', args, { encoding: 'utf8', cwd: DIR });
  if (res.error && (res.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error('promtool is not on PATH: run deploy/setup.sh (installs Debian prometheus)');
  }
  return { status: res.status, output: `${res.stdout}${res.stderr}` };
}

function passes(t: { is: (a: unknown, b: unknown, m?: string) => void }, run: Run, what: string): void {
  t.is(run.status, 0, `${what} failed:\n${run.output}`);
}

test('promtool check config: local prometheus.yml (and the rule file it loads)', (t) => {
  const run = promtool('check', 'config', 'prometheus.yml');
  passes(t, run, 'check config prometheus.yml');
  t.regex(run.output, /1 rule files found/);
});

test('promtool check config: in-cluster prometheus-k8s.yml', (t) => {
  let run = promtool('check', 'config', 'prometheus-k8s.yml');
  if (run.status !== 0 && /field kubernetes_sd_configs not found/.test(run.output)) {
    // Debian's prometheus is built without Kubernetes discovery. Check everything else by swapping
    // the discovery block for an equivalent file_sd one, in a copy next to alerts.yml's copy.
    t.log('this promtool lacks kubernetes_sd_configs (Debian build); checking the rest of the file');
    const original = readFileSync(join(DIR, 'prometheus-k8s.yml'), 'utf8');
    const swapped = original.replace(
      /^( *)kubernetes_sd_configs:\n(?:\1 .*\n)+/m,
      (_, indent: string) => `${indent}file_sd_configs:\n${indent}  - files: [pods.json]\n`,
    );
    t.not(swapped, original, 'could not find the kubernetes_sd_configs block');
    const tmp = mkdtempSync(join(tmpdir(), 'promk8s-'));
    t.teardown(() => rmSync(tmp, { recursive: true, force: true }));
    writeFileSync(join(tmp, 'prometheus-k8s.yml'), swapped);
    writeFileSync(join(tmp, 'alerts.yml'), readFileSync(join(DIR, 'alerts.yml')));
    run = promtool('check', 'config', join(tmp, 'prometheus-k8s.yml'));
  }
  passes(t, run, 'check config prometheus-k8s.yml');
});

test('promtool check rules: alerts.yml defines the four alerts', (t) => {
  const run = promtool('check', 'rules', 'alerts.yml');
  passes(t, run, 'check rules alerts.yml');
  t.regex(run.output, /SUCCESS: 4 rules found/);
  const text = readFileSync(join(DIR, 'alerts.yml'), 'utf8');
  const alerts = [...text.matchAll(/^\s*- alert: (\w+)$/gm)].map((m) => m[1]);
  t.deepEqual(alerts, [
    'IdentifiabilityNoWorkerUp',
    'IdentifiabilityNoProgress',
    'IdentifiabilityRedeliveryStorm',
    'IdentifiabilityFailedShards',
  ]);
});

test('promtool test rules: alerts.test.yml passes and covers each alert firing and silent', (t) => {
  passes(t, promtool('test', 'rules', 'alerts.test.yml'), 'test rules alerts.test.yml');
  // Coverage: per alert, at least one case expecting it and one expecting nothing.
  const text = readFileSync(join(DIR, 'alerts.test.yml'), 'utf8');
  const cases = [...text.matchAll(/alertname: (\w+)\n\s+exp_alerts:(.*)\n/g)];
  for (const name of ['NoWorkerUp', 'NoProgress', 'RedeliveryStorm', 'FailedShards']) {
    const mine = cases.filter((c) => c[1] === `Identifiability${name}`);
    t.true(mine.some((c) => c[2]?.trim() === '[]'), `${name}: no case where it stays silent`);
    t.true(mine.some((c) => c[2]?.trim() === ''), `${name}: no case where it fires`);
  }
});

test('promtool test rules fails on a wrong expectation (the check can fail)', (t) => {
  const tmp = mkdtempSync(join(tmpdir(), 'promtest-'));
  t.teardown(() => rmSync(tmp, { recursive: true, force: true }));
  writeFileSync(join(tmp, 'alerts.yml'), readFileSync(join(DIR, 'alerts.yml')));
  writeFileSync(
    join(tmp, 'wrong.test.yml'),
    [
      'rule_files: [alerts.yml]',
      'tests:',
      '  - interval: 1m',
      '    input_series:',
      `      - series: 'identifiability_shards_failed_total{job="coordinator"}'`,
      "        values: '0 0 3 3'",
      '    alert_rule_test:',
      '      - eval_time: 3m',
      '        alertname: IdentifiabilityFailedShards',
      '        exp_alerts: []',
      '',
    ].join('\n'),
  );
  const run = promtool('test', 'rules', join(tmp, 'wrong.test.yml'));
  t.not(run.status, 0);
  t.regex(run.output, /IdentifiabilityFailedShards/);
});

test('every metric the alert rules select exists in coordinator or worker metricNames', async (t) => {
  const known = await knownSeriesNames();
  const text = readFileSync(join(DIR, 'alerts.yml'), 'utf8');
  // Rule expressions: the block under each `expr:` up to the next key at the same depth.
  const exprs = [...text.matchAll(/^( +)expr: ?\|?\n?((?:\1 +.*\n|.*\n)*?)(?=\1[a-z_]+:)/gm)].map((m) => m[2] ?? '');
  t.is(exprs.length, 4);
  for (const expr of exprs) {
    const names = referencedMetrics(expr.replace(/#.*$/gm, ''));
    t.true(names.length > 0, expr);
    for (const name of names) t.true(known.has(name), `alerts.yml: unknown metric ${name}`);
  }
});
