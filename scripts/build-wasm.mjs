// Compiles shared/engine/pairKernel.wat into shared/engine/pairKernelBytes.ts (run: npm run build:wasm).
// The bytes are committed, so installing and building need no WebAssembly tool chain;
// test/engine/pairKernel.test.ts checks that they are this file's compilation.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';

const root = fileURLToPath(new URL('..', import.meta.url));
const wat = readFileSync(`${root}shared/engine/pairKernel.wat`, 'utf8');
const wabt = await wabtInit();
const module = wabt.parseWat('pairKernel.wat', wat, { simd: true });
module.validate();
const { buffer } = module.toBinary({});
const base64 = Buffer.from(buffer).toString('base64');
const lines = base64.match(/.{1,96}/g) ?? [];
writeFileSync(
  `${root}shared/engine/pairKernelBytes.ts`,
  `/** pairKernel.wat compiled by scripts/build-wasm.mjs (generated: do not edit). */\nexport const PAIR_KERNEL_BASE64 =\n${lines.map((l) => `  '${l}'`).join(' +\n')};\n`,
);
console.log(`pairKernelBytes.ts: ${buffer.length} bytes`);
