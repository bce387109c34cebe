/**
 * `npm run bench:cluster`: a fixed study (basic, 100 networks, seeded) through a loopback cluster
 * (nats-server + worker processes, 1 thread each) with 1 and 2 workers, and more where the machine
 * has more cores: networks/s and parallel efficiency. The k = 6 sharded circuit-search projection
 * is in the engine bench (`npm run bench`). One JSON line per case, then a summary line.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/identifiability.js', import.meta.url));
const NETWORKS = Number(process.env.BENCH_NETWORKS ?? 100);

function runCluster(workers: number): number {
  const dir = mkdtempSync(join(tmpdir(), 'bench-cluster-'));
  const r = spawnSync(process.execPath, [BIN, 'cluster', '--workers', String(workers), '--experiments', String(NETWORKS), '--out', join(dir, 'out')], { encoding: 'utf8' });
  rmSync(dir, { recursive: true, force: true });
  const m = /done in ([\d.]+) s/.exec(r.stdout);
  if (r.status !== 0 || !m) throw new Error(`cluster with ${workers} workers failed: ${r.stderr || r.stdout}`);
  return Number(m[1]);
}

const counts = [1, 2, 4, 8].filter((n) => n === 1 || n <= availableParallelism());
const cases: Record<string, unknown>[] = [];
let single = 0;
for (const workers of counts) {
  const s = Math.min(runCluster(workers), runCluster(workers));
  if (workers === 1) single = s;
  const line = {
    case: `cluster basic study, ${workers} worker${workers > 1 ? 's' : ''}`,
    networks: NETWORKS,
    workers,
    s,
    networks_per_s: Math.round((NETWORKS / s) * 10) / 10,
    parallel_efficiency: Math.round((single / s / workers) * 100) / 100,
  };
  cases.push(line);
  console.log(JSON.stringify(line));
}
console.log(JSON.stringify({ summary: 'cluster.bench', cpus: availableParallelism(), cases }));
