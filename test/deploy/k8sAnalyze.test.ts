/**
 * deploy/k8s-analyze: the study deployment with the coordinator running `analyze` on one case file
 * from a generated ConfigMap. Rendered by the real `kubectl kustomize` and validated against the
 * Kubernetes schemas, as deploy/k8s is (kustomize.test.ts).
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { parseCase } from '../../shared/case/caseFile.js';
import { sliceCount, DEFAULT_SLICE_CANDIDATES } from '../../coordinator/networkSlices.js';
import { MODELS, onlyContainer, podTemplate, render, type K8sObject } from '../helpers/kustomize.js';

let rendered: K8sObject[] | undefined;
const objects = (): K8sObject[] => (rendered ??= render('deploy/k8s-analyze'));
const find = (kind: string, name: string): K8sObject => {
  const obj = objects().find((o) => o.kind === kind && (o.metadata.name === name || o.metadata.name.startsWith(`${name}-`)));
  if (!obj) throw new Error(`no ${kind}/${name} in the kustomize output`);
  return obj;
};

test('every object validates against the Kubernetes schema, in the identifiability namespace', (t) => {
  for (const obj of objects()) {
    const Model = MODELS[`${obj.apiVersion}/${obj.kind}` as keyof typeof MODELS];
    t.truthy(Model, `${obj.apiVersion}/${obj.kind}`);
    t.notThrows(() => new (Model as NonNullable<typeof Model>)(obj as never).validate(), `${obj.kind}/${obj.metadata.name}`);
    if (obj.kind !== 'Namespace') t.is(obj.metadata.namespace, 'identifiability', `${obj.kind}/${obj.metadata.name}`);
  }
});

test('the coordinator analyzes /case/case.json over the cluster\'s NATS into /out, with flags analyze accepts', (t) => {
  const job = find('Job', 'coordinator');
  const c = onlyContainer(job);
  const config = (find('ConfigMap', 'study-config')['data'] ?? {}) as Record<string, string>;
  const args = (c.args ?? []).map((a) => a.replace(/\$\((\w+)\)/g, (_, v: string) => config[v] ?? `$(${v})`));
  t.deepEqual(args, ['analyze', '/case/case.json', '--min-sparsity', '0', '--nats', 'nats://nats:4222', '--json', '/out/analysis.json', '--slice-times', '/out/slices.jsonl', '--metrics-port', '9464']);
  const help = spawnSync(process.execPath, ['bin/identifiability.js', 'analyze', '--help'], { encoding: 'utf8' }).stdout;
  for (const flag of args.filter((a) => a.startsWith('--'))) t.true(help.includes(`${flag} `), `analyze has no ${flag}`);
  const pod = podTemplate(job);
  // Its metrics where the study's coordinator serves them, so the same scrape config finds them.
  t.is(pod.metadata?.annotations?.['prometheus.io/scrape'], 'true');
  t.is(pod.metadata?.annotations?.['prometheus.io/port'], '9464');
  t.truthy(c.ports?.find((p) => p.containerPort === 9464));
  const volumes = pod.spec?.volumes ?? [];
  const mountOf = (path: string) => volumes.find((v) => v.name === c.volumeMounts?.find((m) => m.mountPath === path)?.name);
  t.is(mountOf('/out')?.persistentVolumeClaim?.claimName, 'identifiability-out');
  // The mounted ConfigMap is the generated one (its name carries kustomize's content hash).
  const caseMap = find('ConfigMap', 'analyze-case');
  t.is(mountOf('/case')?.configMap?.name, caseMap.metadata.name);
  t.true(c.volumeMounts?.find((m) => m.mountPath === '/case')?.readOnly === true);
});

test('the shipped case is a valid case file whose unfiltered analysis is sliced', (t) => {
  const text = ((find('ConfigMap', 'analyze-case')['data'] ?? {}) as Record<string, string>)['case.json'];
  t.truthy(text);
  const { input } = parseCase(JSON.parse(text ?? 'null'));
  t.deepEqual(input.model.layerSizes, [2, 6, 6, 1]);
  t.true(sliceCount(input.model.layerSizes, 0, DEFAULT_SLICE_CANDIDATES) > 1);
});

test('workers have room for a k = 6 slice per thread', (t) => {
  const c = onlyContainer(find('Job', 'worker'));
  t.is(c.resources?.limits?.['memory'], '4Gi');
  t.deepEqual(c.args?.slice(0, 1), ['worker']);
});
