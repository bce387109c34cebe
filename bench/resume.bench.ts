/**
 * What a restarted `analyze --nats` coordinator pays to learn which slice results the server
 * already holds (Transport.storedResults: one headers-only pass over the results stream), at the
 * size of a whole k = 6 run (2 023 results, about 300 MB) and of eight of them (16 384, 1.2 GB).
 * Result sizes are drawn around the mean with a long tail (seeded), as a k = 6 run's are: most tens
 * of kB, the heavy parts' several MB. A real nats-server on loopback, file storage.
 * Run: node dist/bench/resume.bench.js [results] [MB] (default: both sizes)
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../cli/freePort.js';
import { natsTransport } from '../transport/natsTransport.js';
import { Prng } from '../shared/train/prng.js';
import { peakRssMiB } from './stats.js';

const REPEATS = 3;

async function measure(results: number, megabytes: number): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-resume-'));
  const port = await freePort();
  const servers = `nats://127.0.0.1:${port}`;
  const server = spawn('nats-server', ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', dir], { stdio: 'ignore' });
  try {
    await sleep(500);
    const prefix = `resume${results}`;
    const writer = await natsTransport({ prefix, connection: { servers } });
    const rng = new Prng(results);
    const mean = (megabytes * 2 ** 20) / results;
    let bytes = 0;
    for (let i = 0; i < results; i++) {
      // exp of a sum of three uniforms: a long right tail; / 1.3 brings the mean back near `mean`.
      const size = Math.max(200, Math.round((mean * Math.exp(1.5 * (rng.uniform() + rng.uniform() + rng.uniform() - 1.5))) / 1.3));
      bytes += size;
      // Random bytes, which gzip cannot shrink (transport/resultGzip.ts): the stream holds what is named.
      await writer.publishResult(`c:0:${i}:${i + 1}`, randomBytes(size));
    }
    await writer.close();
    const times: number[] = [];
    for (let r = 0; r < REPEATS; r++) {
      // A new connection each time, as a restarted coordinator has.
      const reader = await natsTransport({ prefix, connection: { servers } });
      const t0 = performance.now();
      const stored = await reader.storedResults();
      times.push((performance.now() - t0) / 1000);
      await reader.close();
      if (stored.size !== results) throw new Error(`storedResults found ${stored.size} of ${results} results`);
    }
    return { case: `storedResults over ${results} stored slice results (${Math.round(bytes / 2 ** 20)} MB)`, s: Math.min(...times), mean_s: times.reduce((a, b) => a + b, 0) / times.length, rss_mib: peakRssMiB() };
  } finally {
    server.kill('SIGKILL');
    await sleep(200);
    rmSync(dir, { recursive: true, force: true });
  }
}

const sizes: [number, number][] = process.argv[2] !== undefined ? [[Number(process.argv[2]), Number(process.argv[3] ?? 300)]] : [[2023, 300], [16_384, 1200]];
const cases: Record<string, unknown>[] = [];
for (const [results, megabytes] of sizes) {
  const line = await measure(results, megabytes);
  cases.push(line);
  console.log(JSON.stringify(line));
}
console.log(JSON.stringify({ summary: 'resume.bench', cases }));
