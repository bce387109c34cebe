import test from 'ava';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { dfOut, resultsWithoutTimings } from '../helpers/runDir.js';
import { tempDir } from '../helpers/tempDir.js';

function clusterProcesses(): string[] {
  try {
    return execFileSync('pgrep', ['-fa', 'identifiability-cluster-'], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

test('cluster runs a study through nats-server, 2 workers and Prometheus, same answer as embedded, and leaves nothing running', async (t) => {
  const tmp = tempDir('identifiability-localcluster-');
  const study = ['--experiments', '8', '--seed', '11'];
  const cluster = await runCli(['cluster', '--workers', '2', ...study, '--out', join(tmp, 'cluster')], { timeoutMs: 120_000 });
  t.is(cluster.code, 0, cluster.stderr + cluster.stdout);
  t.regex(cluster.stdout, /cluster: nats nats:\/\/127\.0\.0\.1:\d+, 2 workers/);
  t.regex(cluster.stdout, /cluster: stopped nats-server, workers and Prometheus/);
  const embedded = await runCli(['run', '--preset', 'basic', ...study, '--out', join(tmp, 'embedded'), '-q']);
  t.is(embedded.code, 0, embedded.stderr);
  t.is(dfOut(join(tmp, 'cluster')), dfOut(join(tmp, 'embedded')));
  t.deepEqual(resultsWithoutTimings(join(tmp, 'cluster')), resultsWithoutTimings(join(tmp, 'embedded')));
  t.deepEqual(clusterProcesses(), []);
});
