/**
 * Node-only: the entry file of a piece-hashing worker thread. Each request is one run of payload
 * bytes; the reply is the root and padded size of that run's own piece, and the run's buffer back
 * for reuse. Any failure is left uncaught, so the pool sees the worker's `error` event.
 *
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads'
import { hasherFactory } from './wasm-module.ts'
import { rootOf, writeSliced } from './wasm-root.ts'
import type { RunReply, RunRequest } from './worker-pool.ts'

const port = parentPort
if (port === null) throw new Error('hash-worker.ts runs only as a worker thread')

// The module compiled once by the pool, when it could (see wasm-module.ts).
const create = await hasherFactory((workerData as { wasmModule?: unknown } | null)?.wasmModule)
const hasher = create()
port.on('message', (request: RunRequest) => {
  hasher.reset()
  writeSliced(hasher, new Uint8Array(request.buffer, 0, request.length))
  const { root, pieceSize } = rootOf(hasher)
  const reply: RunReply = { id: request.id, length: request.length, root, pieceSize, buffer: request.buffer }
  port.postMessage(reply, [request.buffer])
})
