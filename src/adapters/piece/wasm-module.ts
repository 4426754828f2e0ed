/**
 * Node-only: the piece hasher's WebAssembly module compiled once and handed to every hashing
 * worker, which instantiates it directly. Loaded by its public entry, the package decodes its
 * embedded base64 module and instantiates it through `fetch` of a data URL in each thread, which
 * costs a worker about as much as starting the thread itself. Files of the package's build are
 * read by path (its exports list only its entries); when they are not where this expects them,
 * nothing is compiled and workers load the package the usual way.
 *
 * @module
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import type { WasmPieceHasher } from './wasm-root.ts'

const PACKAGE = 'fr32-sha2-256-trunc254-padded-binary-tree-multihash'

/** A compiled WebAssembly module (Node's global WebAssembly, which this project's typings omit). */
export type CompiledModule = object
const { WebAssembly } = globalThis as unknown as {
  WebAssembly: { Module: new (bytes: Uint8Array) => CompiledModule }
}

/** The package's wasm-bindgen glue: instantiate a compiled module, then make hashers. */
interface Glue {
  initSync(module: CompiledModule): unknown
  create(): WasmPieceHasher
}

/** The package's directory as a file URL (ending with '/'), or undefined. */
function packageUrl(): URL | undefined {
  try {
    const manifest = createRequire(import.meta.url).resolve(`${PACKAGE}/package.json`)
    return new URL('./', pathToFileURL(manifest))
  } catch {
    return undefined
  }
}

let compiled: CompiledModule | null | undefined

/** The hasher's module, compiled on first use in this thread; undefined when it cannot be found. */
export function compiledHasherModule(): CompiledModule | undefined {
  if (compiled === undefined) {
    compiled = null
    const base = packageUrl()
    try {
      if (base !== undefined)
        compiled = new WebAssembly.Module(readFileSync(new URL('gen/wasm_bg.wasm', base)))
    } catch {
      compiled = null
    }
  }
  return compiled ?? undefined
}

/**
 * A hasher factory for a worker: from `module` through the package's glue when both are there,
 * else from the package's public entry.
 */
export async function hasherFactory(module: unknown): Promise<() => WasmPieceHasher> {
  const base = packageUrl()
  if (module instanceof WebAssembly.Module && base !== undefined) {
    try {
      const glue = (await import(new URL('gen/wasm.js', base).href)) as Partial<Glue>
      if (typeof glue.initSync === 'function' && typeof glue.create === 'function') {
        glue.initSync(module)
        const create = glue.create
        return () => create()
      }
    } catch {
      // The glue moved or changed: the public entry below still works.
    }
  }
  const { create } = await import(PACKAGE)
  return () => create()
}
