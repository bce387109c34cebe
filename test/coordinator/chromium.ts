/**
 * Runs the system's headless chromium for one page and one output (DOM dump or screenshot),
 * bounded by a timeout. Each run gets a fresh profile directory, removed afterwards.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const CHROMIUM_PATH = '/usr/bin/chromium';
const RUN_TIMEOUT_MS = 60_000;
/** Virtual time lets the page run its scripts to idle without waiting in real time. */
const VIRTUAL_TIME_MS = 5_000;

const BASE_FLAGS = [
  '--headless',
  '--no-sandbox', // tests run as root in CI containers
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--hide-scrollbars',
  `--virtual-time-budget=${VIRTUAL_TIME_MS}`,
];

export function requireChromium(): string {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`chromium not found at ${CHROMIUM_PATH}: install it with deploy/setup.sh (Debian package "chromium")`);
  }
  return CHROMIUM_PATH;
}

export interface ChromiumResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs chromium with the base flags plus `args`; kills its whole process group on timeout. */
export async function runChromium(args: readonly string[], timeoutMs = RUN_TIMEOUT_MS): Promise<ChromiumResult> {
  const exe = requireChromium();
  const profile = await mkdtemp(join(tmpdir(), 'report-chromium-'));
  try {
    return await spawnBounded(exe, [...BASE_FLAGS, `--user-data-dir=${profile}`, ...args], timeoutMs);
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}

function spawnBounded(exe: string, args: string[], timeoutMs: number): Promise<ChromiumResult> {
  return new Promise((resolve, reject) => {
    // detached: chromium forks helpers; its own process group lets us kill them all by the leader's id.
    const child = spawn(exe, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      killGroup(child.pid);
      reject(new Error(`chromium did not finish within ${timeoutMs} ms; stderr tail: ${stderr.slice(-800)}`));
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      killGroup(child.pid); // leftover helpers of this run only
      resolve({ code, stdout, stderr });
    });
  });
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // group already gone
  }
}

export async function dumpDom(file: string): Promise<string> {
  const res = await runChromium(['--dump-dom', pathToFileURL(file).href]);
  if (res.code !== 0) throw new Error(`chromium --dump-dom exited ${res.code}: ${res.stderr.slice(-800)}`);
  return res.stdout;
}

export async function screenshot(file: string, png: string, width: number, height: number): Promise<void> {
  await screenshotUrl(pathToFileURL(file).href, png, width, height);
}

/** Screenshot of any URL (a live server's page, say). */
export async function screenshotUrl(url: string, png: string, width: number, height: number): Promise<void> {
  const args = [`--screenshot=${png}`, `--window-size=${width},${height}`, url];
  const res = await runChromium(args);
  if (res.code !== 0 || !existsSync(png)) {
    throw new Error(`chromium --screenshot exited ${res.code} without ${png}: ${res.stderr.slice(-800)}`);
  }
}
