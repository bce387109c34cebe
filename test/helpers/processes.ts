/**
 * CLI child processes for distributed tests: spawned with captured output, awaited by condition,
 * killed on teardown. Every child is SIGKILLed by `killAll` so a failed test leaves no process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { binPath, repoRoot } from './cli.js';

export interface CliChild {
  readonly proc: ChildProcess;
  /** stdout and stderr so far, interleaved. */
  output(): string;
  /** Exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  /** Resolves with the first match of `re` in the output, or rejects after `ms`. */
  waitFor(re: RegExp, ms?: number): Promise<RegExpMatchArray>;
}

/** Children still running; killed if the test process exits without its teardowns (ava timeout). */
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const p of live) p.kill('SIGKILL');
});

export function spawnCli(args: readonly string[], env: NodeJS.ProcessEnv = process.env): CliChild {
  const proc = spawn(process.execPath, [binPath, ...args], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(proc);
  proc.once('exit', () => live.delete(proc));
  let out = '';
  proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.once('close', (code) => resolve(code)));
  return {
    proc,
    output: () => out,
    exited,
    waitFor: (re, ms = 20_000) => until(() => out.match(re), ms, `output matching ${re}; got:\n${out}`),
  };
}

/** SIGKILL every child still running and wait for them (teardown). */
export async function killAll(children: readonly CliChild[]): Promise<void> {
  for (const c of children) if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL');
  await Promise.all(children.map((c) => c.exited));
}

/** Polls `check` (sync or async) until it returns a truthy value; rejects with `what` after `ms`. */
export async function until<T>(check: () => T | null | undefined | false | Promise<T | null | undefined | false>, ms: number, what: string, everyMs = 20): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Network results the coordinator has stored in a run directory so far (not a large network's parts). */
export function storedShards(dir: string): number {
  const shards = join(dir, 'shards');
  return existsSync(shards) ? readdirSync(shards).filter((f) => /^\d+\.msgpack$/.test(f)).length : 0;
}

/** Slice results of large networks stored so far (removed again once their network is assembled). */
export function storedSlices(dir: string): number {
  const shards = join(dir, 'shards');
  return existsSync(shards) ? readdirSync(shards).filter((f) => /^\d+\.s\d+\.msgpack$/.test(f)).length : 0;
}

/** Value of one sample in a Prometheus text exposition, or null when absent. */
export async function scrape(port: number, sample: string): Promise<number | null> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${sample} `));
  return line === undefined ? null : Number(line.slice(sample.length + 1));
}
