/**
 * deploy/k8s rendered by the real `kubectl kustomize`, converted to JSON offline by a no-op
 * `kubectl patch --local`, then every object validated against the Kubernetes 1.27 JSON schemas
 * (kubernetes-models) and the essentials checked. No cluster needed.
 */
import test from 'ava';
import { StatefulSet } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { Service } from 'kubernetes-models/v1';
import { MODELS, onlyContainer, podTemplate, render, type K8sObject } from '../helpers/kustomize.js';

const NAMESPACE = 'identifiability';
const METRICS_PORT = 9464;

let rendered: K8sObject[] | undefined;
const objects = (): K8sObject[] => (rendered ??= render('deploy/k8s'));

function find(kind: string, name: string): K8sObject {
  const obj = objects().find((o) => o.kind === kind && o.metadata.name === name);
  if (!obj) throw new Error(`no ${kind}/${name} in the kustomize output`);
  return obj;
}

test('kubectl kustomize renders the expected objects, all in the identifiability namespace', (t) => {
  const ids = objects().map((o) => `${o.kind}/${o.metadata.name}`).sort();
  t.deepEqual(ids, [
    'ConfigMap/study-config',
    'Job/coordinator',
    'Job/worker',
    'Namespace/identifiability',
    'PersistentVolumeClaim/identifiability-out',
    'Secret/nats-credentials',
    'Service/coordinator-metrics',
    'Service/nats',
    'Service/worker-metrics',
    'StatefulSet/nats',
  ]);
  for (const o of objects()) {
    if (o.kind !== 'Namespace') t.is(o.metadata.namespace, NAMESPACE, `${o.kind}/${o.metadata.name}`);
  }
});

test('every object validates against the Kubernetes schema', (t) => {
  for (const obj of objects()) {
    const key = `${obj.apiVersion}/${obj.kind}` as keyof typeof MODELS;
    const Model = MODELS[key];
    t.truthy(Model, `no schema model registered for ${key}`);
    if (!Model) continue;
    t.notThrows(() => new Model(obj as never).validate(), `${obj.kind}/${obj.metadata.name}`);
  }
});

test('the schema check can fail: a string parallelism is rejected', (t) => {
  const worker = structuredClone(find('Job', 'worker'));
  (worker['spec'] as Record<string, unknown>)['parallelism'] = '4';
  t.throws(() => new Job(worker as never).validate(), { message: /parallelism must be integer/ });
});

test('workers: a work-queue Job with parallelism 4, no completions, 120 s grace to drain', (t) => {
  const worker = new Job(find('Job', 'worker') as never);
  t.is(worker.spec?.parallelism, 4);
  t.is(worker.spec?.completions, undefined);
  t.true((worker.spec?.backoffLimit ?? 0) > 0);
  const pod = podTemplate(find('Job', 'worker'));
  t.is(pod.spec?.terminationGracePeriodSeconds, 120);
  t.is(pod.spec?.restartPolicy, 'OnFailure');
  t.deepEqual(onlyContainer(find('Job', 'worker')).args?.slice(0, 1), ['worker']);
});

test('coordinator: a Job running `run --preset basic --nats nats://nats:4222 --out /out --metrics-port 9464`', (t) => {
  const obj = find('Job', 'coordinator');
  const job = new Job(obj as never);
  t.true((job.spec?.backoffLimit ?? 0) > 0);
  const pod = podTemplate(obj);
  t.is(pod.spec?.restartPolicy, 'OnFailure');
  t.is(pod.spec?.terminationGracePeriodSeconds, 120);
  const c = onlyContainer(obj);
  const config = (find('ConfigMap', 'study-config')['data'] ?? {}) as Record<string, string>;
  // Expand $(VAR) the way the kubelet does, from the ConfigMap the container imports.
  const args = (c.args ?? []).map((a) => a.replace(/\$\((\w+)\)/g, (_, v: string) => config[v] ?? `$(${v})`));
  t.deepEqual(args, ['run', '--preset', 'basic', '--nats', 'nats://nats:4222', '--out', '/out', '--metrics-port', '9464']);
  // /out is the PersistentVolumeClaim that outlives the Job, so a re-run resumes.
  const mount = c.volumeMounts?.find((m) => m.mountPath === '/out');
  const volume = pod.spec?.volumes?.find((v) => v.name === mount?.name);
  t.is(volume?.persistentVolumeClaim?.claimName, 'identifiability-out');
  t.notThrows(() => find('PersistentVolumeClaim', 'identifiability-out'));
});

test('every app container uses the kustomize image and sets requests and limits', (t) => {
  for (const obj of objects().filter((o) => o.kind === 'Job' || o.kind === 'StatefulSet')) {
    for (const c of podTemplate(obj).spec?.containers ?? []) {
      if (obj.kind === 'Job') t.is(c.image, 'identifiability:latest', c.name);
      for (const r of ['cpu', 'memory']) {
        t.truthy(c.resources?.requests?.[r], `${c.name} requests.${r}`);
        t.truthy(c.resources?.limits?.[r], `${c.name} limits.${r}`);
      }
    }
  }
});

test('NATS: JetStream StatefulSet on a claim template behind headless Service nats (4222, 8222)', (t) => {
  const sts = find('StatefulSet', 'nats');
  const c = onlyContainer(sts);
  t.is(c.image, 'nats:2.10-alpine');
  t.deepEqual(c.args?.slice(0, 5), ['-js', '-sd', '/data', '-m', '8222']);
  const claims = new StatefulSet(sts as never).spec?.volumeClaimTemplates ?? [];
  const dataMount = c.volumeMounts?.find((m) => m.mountPath === '/data');
  t.truthy(claims.find((claim) => claim.metadata?.name === dataMount?.name), 'no claim template for /data');
  const svc = new Service(find('Service', 'nats') as never);
  t.is(svc.spec?.clusterIP, 'None');
  t.deepEqual(
    svc.spec?.ports?.map((p) => [p.name, p.port]),
    [['client', 4222], ['monitor', 8222]],
  );
});

test('NATS credentials come from the Secret, by env, in every pod that talks to NATS', (t) => {
  const secret = find('Secret', 'nats-credentials');
  const keys = new Set(Object.keys({ ...(secret['stringData'] ?? {}), ...(secret['data'] ?? {}) }));
  for (const [kind, name] of [['Job', 'coordinator'], ['Job', 'worker'], ['StatefulSet', 'nats']] as const) {
    const env = onlyContainer(find(kind, name)).env ?? [];
    for (const varName of ['NATS_USER', 'NATS_PASSWORD']) {
      const ref = env.find((e) => e.name === varName)?.valueFrom?.secretKeyRef;
      t.is(ref?.name, 'nats-credentials', `${name}: ${varName}`);
      t.true(keys.has(ref?.key ?? ''), `${name}: ${varName} refers to missing key ${ref?.key}`);
    }
  }
});

test('every $(VAR) in args is defined by env or an imported ConfigMap', (t) => {
  for (const obj of objects().filter((o) => o.kind === 'Job' || o.kind === 'StatefulSet')) {
    const c = onlyContainer(obj);
    const defined = new Set((c.env ?? []).map((e) => e.name));
    for (const from of c.envFrom ?? []) {
      const cm = find('ConfigMap', from.configMapRef?.name ?? '');
      for (const key of Object.keys((cm['data'] ?? {}) as object)) defined.add(key);
    }
    for (const arg of c.args ?? []) {
      for (const [, v] of arg.matchAll(/\$\((\w+)\)/g)) t.true(defined.has(v ?? ''), `${obj.metadata.name}: $(${v})`);
    }
  }
});

test('coordinator and worker pods and their metrics Services carry the scrape annotations', (t) => {
  const scrape = (a: Record<string, string> | undefined, what: string) => {
    t.is(a?.['prometheus.io/scrape'], 'true', what);
    t.is(a?.['prometheus.io/port'], String(METRICS_PORT), what);
    t.is(a?.['prometheus.io/path'], '/metrics', what);
  };
  for (const name of ['coordinator', 'worker']) {
    const job = find('Job', name);
    scrape(podTemplate(job).metadata?.annotations, `pod ${name}`);
    t.truthy(onlyContainer(job).ports?.find((p) => p.containerPort === METRICS_PORT), `${name} exposes ${METRICS_PORT}`);
    const svc = find('Service', `${name}-metrics`);
    scrape(svc.metadata.annotations, `service ${name}-metrics`);
    // The Service must select the pods it advertises.
    const selector = new Service(svc as never).spec?.selector ?? {};
    const labels = podTemplate(job).metadata?.labels ?? {};
    t.true(Object.keys(selector).length > 0);
    for (const [k, v] of Object.entries(selector)) t.is(labels[k], v, `${name}-metrics selects ${k}=${v}`);
  }
});
