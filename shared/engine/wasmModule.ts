/**
 * How the engine's WebAssembly modules (pairKernel.wat, countTable.wat) are opened: compiled once
 * per thread from the base64 bytes committed beside them, then instantiated over a new memory of
 * the pages asked for. Never memory.grow: growing detaches the old buffer, and the first detached
 * ArrayBuffer makes V8 check every typed-array access in the thread for detachment from then on (its
 * protector): xor-k5 slices ran 15% slower, in code that never saw the memory. A caller that needs
 * more room opens a new instance.
 */

// Neither the ES2022 lib nor @types/node 20 declares WebAssembly: what the engine uses of it.
declare namespace WebAssembly {
  class Module {
    constructor(bytes: Uint8Array);
  }
  class Instance {
    constructor(module: Module, imports: object);
    readonly exports: object;
  }
  class Memory {
    constructor(descriptor: { initial: number });
    readonly buffer: ArrayBuffer;
  }
}

export const WASM_PAGE = 65536;

/** Opens instances of the module in `base64` (its exports typed as E) over new memories. */
export function wasmOpener<E>(base64: string): (pages: number) => { exports: E; buffer: ArrayBuffer } {
  let compiled: WebAssembly.Module | null = null;
  return (pages) => {
    compiled ??= new WebAssembly.Module(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
    const memory = new WebAssembly.Memory({ initial: pages });
    const exports = new WebAssembly.Instance(compiled, { env: { memory } }).exports as unknown as E;
    return { exports, buffer: memory.buffer };
  };
}
