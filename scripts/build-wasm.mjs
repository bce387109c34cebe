// Compiles the engine's WebAssembly text files into the TypeScript modules that hold their bytes
// (run: npm run build:wasm). The bytes are committed, so installing and building need no
// WebAssembly tool chain; test/engine/pairKernel.test.ts and countTable.test.ts check that they
// are these files' compilations.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';

const root = fileURLToPath(new URL('..', import.meta.url));
const wabt = await wabtInit();
for (const [name, constant] of [
  ['pairKernel', 'PAIR_KERNEL_BASE64'],
  ['countTable', 'COUNT_TABLE_BASE64'],
]) {
  const wat = readFileSync(`${root}shared/engine/${name}.wat`, 'utf8');
  const module = wabt.parseWat(`${name}.wat`, wat, { simd: true });
  module.validate();
  const { buffer } = module.toBinary({});
  const base64 = Buffer.from(buffer).toString('base64');
  const lines = base64.match(/.{1,96}/g) ?? [];
  writeFileSync(
    `${root}shared/engine/${name}Bytes.ts`,
    `/** ${name}.wat compiled by scripts/build-wasm.mjs (generated: do not edit). */\nexport const ${constant} =\n${lines.map((l) => `  '${l}'`).join(' +\n')};\n`,
  );
  console.log(`${name}Bytes.ts: ${buffer.length} bytes`);
}
