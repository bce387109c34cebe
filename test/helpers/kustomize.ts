/**
 * A kustomization rendered by the real `kubectl kustomize` and converted to JSON offline by a no-op
 * `kubectl patch --local` (no cluster is contacted), for the deploy tests.
 */
import { spawnSync } from 'node:child_process';
import { StatefulSet } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { ConfigMap, Namespace, PersistentVolumeClaim, Secret, Service } from 'kubernetes-models/v1';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodTemplateSpec } from 'kubernetes-models/v1/PodTemplateSpec';

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

/** One model class per apiVersion/kind we deploy; an object of any other kind fails the test. */
export const MODELS = {
  'v1/Namespace': Namespace,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'apps/v1/StatefulSet': StatefulSet,
  'batch/v1/Job': Job,
} as const;

export function kubectl(args: string[], input?: string): string {
  const res = spawnSync('kubectl', args, {
    input,
    encoding: 'utf8',
    // No cluster is contacted; an empty KUBECONFIG keeps a developer's real one out of the way.
    env: { ...process.env, KUBECONFIG: '/dev/null' },
    maxBuffer: 64 << 20,
  });
  if (res.error && (res.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error('kubectl is not on PATH: run deploy/setup.sh (installs Debian kubernetes-client)');
  }
  if (res.status !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${res.status}:\n${res.stderr}`);
  return res.stdout;
}

export function render(dir: string): K8sObject[] {
  const yaml = kubectl(['kustomize', dir]);
  // A no-op merge patch applied locally re-serialises each document; jsonpath prints one JSON per line.
  const ndjson = kubectl(['patch', '--local', '-f', '-', '--type', 'merge', '-p', '{}', '-o', 'jsonpath={@}{"\\n"}'], yaml);
  return ndjson
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as K8sObject);
}

export function podTemplate(obj: K8sObject): IPodTemplateSpec {
  const template = (obj['spec'] as { template?: IPodTemplateSpec } | undefined)?.template;
  if (!template?.spec) throw new Error(`${obj.kind}/${obj.metadata.name} has no pod template`);
  return template;
}

export function onlyContainer(obj: K8sObject): IContainer {
  const containers = podTemplate(obj).spec?.containers ?? [];
  const [first] = containers;
  if (containers.length !== 1 || !first) throw new Error(`${obj.metadata.name}: expected one container`);
  return first;
}
