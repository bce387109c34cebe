import { readFileSync } from 'node:fs';
import wabtInit from 'wabt';
import { repoRoot } from './cli.js';

/** shared/engine/NAME.wat compiled as scripts/build-wasm.mjs compiles it, in base64: what NAMEBytes.ts must hold. */
export async function compiledWat(name: string): Promise<string> {
  const wabt = await wabtInit();
  const module = wabt.parseWat(`${name}.wat`, readFileSync(`${repoRoot}/shared/engine/${name}.wat`, 'utf8'), { simd: true });
  return Buffer.from(module.toBinary({}).buffer).toString('base64');
}
