/**
 * Node-only: a fixed set of worker threads hashing runs of a piece (see `hash-worker.ts`). Runs go
 * to the least busy worker. The first failure of any worker (it throws, cannot load, or exits on its
 * own) is reported once as a PieceHashWorkerError; the owner then terminates the pool.
 *
 * Workers run the entry file next to this module: `hash-worker.js` in the built package,
 * `hash-worker.ts` when running from sources (tsx, vitest). Node 20 cannot load a `.ts` entry by
 * itself, so such a worker first registers the `tsx` loader (a development dependency).
 *
 * @module
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { messageOf, PieceHashWorkerError } from '../../errors.ts'
import { compiledHasherModule } from './wasm-module.ts'

/** A run of payload bytes to hash: the first `length` bytes of `buffer` (transferred). */
export interface RunRequest {
  readonly id: number
  readonly buffer: ArrayBuffer
  readonly length: number
}

/** The piece of one run: its root and padded size, and the run's buffer handed back. */
export interface RunReply {
  readonly id: number
  readonly length: number
  readonly root: Uint8Array
  readonly pieceSize: number
  readonly buffer: ArrayBuffer
}

/** What the pool reports to its owner. */
export interface PoolEvents {
  reply(reply: RunReply): void
  failure(error: PieceHashWorkerError): void
}

/** The worker entry file next to this module, with this module's extension. */
export function defaultWorkerUrl(): URL {
  const extension = new URL(import.meta.url).pathname.endsWith('.ts') ? '.ts' : '.js'
  return new URL(`./hash-worker${extension}`, import.meta.url)
}

/**
 * A worker loading a TypeScript entry: it registers tsx's ESM hooks in its own thread, then
 * imports the entry. (tsx registers itself only in the main thread under Node 20, so inheriting the
 * parent's `--import tsx` is not enough.) A failed import is an unhandled rejection, which ends the
 * worker with an `error` event.
 */
const TYPESCRIPT_BOOTSTRAP = `
const { workerData } = require('node:worker_threads')
import(workerData.tsxApi).then((api) => { api.register(); return import(workerData.entry) })
`

/** The URL of tsx's ESM API module, or undefined when tsx is not installed. */
function tsxEsmApi(): string | undefined {
  try {
    const require = createRequire(import.meta.url)
    const manifestPath = require.resolve('tsx/package.json')
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
      exports?: Record<string, { import?: { default?: string } } | string>
    }
    const api = manifest.exports?.['./esm/api']
    const file = typeof api === 'object' ? api.import?.default : undefined
    return file === undefined ? undefined : new URL(file, pathToFileURL(manifestPath)).href
  } catch {
    return undefined
  }
}

/** A worker running `entry`; see {@link TYPESCRIPT_BOOTSTRAP} for TypeScript entries. */
function spawn(entry: URL): Worker {
  const wasmModule = compiledHasherModule()
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, { workerData: { wasmModule } })
  const tsxApi = tsxEsmApi()
  // Without tsx, a runtime that loads TypeScript by itself may still run the entry.
  if (tsxApi === undefined) return new Worker(entry, { workerData: { wasmModule } })
  return new Worker(TYPESCRIPT_BOOTSTRAP, {
    eval: true,
    workerData: { tsxApi, entry: entry.href, wasmModule },
  })
}

interface Slot {
  readonly worker: Worker
  busy: number
}

/** Worker threads hashing runs; see the module description. */
export class HashWorkerPool {
  readonly #slots: Slot[] = []
  readonly #events: PoolEvents
  #live = 0
  #stopping = false
  #failed = false

  constructor(size: number, entry: URL, events: PoolEvents) {
    this.#events = events
    for (let i = 0; i < size; i++) {
      const worker = spawn(entry)
      const slot: Slot = { worker, busy: 0 }
      this.#slots.push(slot)
      this.#live++
      worker.on('message', (reply: RunReply) => {
        slot.busy--
        this.#events.reply(reply)
      })
      worker.on('error', (error: unknown) => {
        this.#fail(
          new PieceHashWorkerError(`a piece-hashing worker failed: ${messageOf(error)}`, { cause: error }),
        )
      })
      worker.on('messageerror', (error: unknown) => {
        this.#fail(
          new PieceHashWorkerError('a piece-hashing worker sent an unreadable reply', { cause: error }),
        )
      })
      worker.on('exit', (code: number) => {
        this.#live--
        this.#fail(new PieceHashWorkerError(`a piece-hashing worker exited with code ${code}`))
      })
    }
  }

  /** Workers that have not exited yet. */
  get live(): number {
    return this.#live
  }

  /** Hands `request` to the least busy worker, transferring its buffer. */
  submit(request: RunRequest): void {
    let chosen = this.#slots[0]
    if (chosen === undefined) throw new PieceHashWorkerError('the piece-hashing pool has no workers')
    for (const slot of this.#slots) if (slot.busy < chosen.busy) chosen = slot
    chosen.busy++
    chosen.worker.postMessage(request, [request.buffer])
  }

  /** Stops every worker; resolves once all have exited. No failure is reported afterwards. */
  async terminate(): Promise<void> {
    this.#stopping = true
    await Promise.all(this.#slots.map((slot) => slot.worker.terminate()))
  }

  #fail(error: PieceHashWorkerError): void {
    if (this.#stopping || this.#failed) return
    this.#failed = true
    this.#events.failure(error)
  }
}
