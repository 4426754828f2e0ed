/**
 * The bytes a CAR server can serve from any offset: a CAR in memory or a CAR file on disk.
 *
 * @module
 */
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { AbortError, AdapterError } from '../../errors.ts'
import type { CarPayload, CarSource } from './types.ts'

/** Largest slice yielded at once from memory, so progress and backpressure stay fine-grained. */
const SLICE_BYTES = 256 * 1024

/** A CAR held in memory. */
export function bytesCarSource(bytes: Uint8Array): CarSource {
  return {
    size: BigInt(bytes.length),
    async *read(start, end, signal) {
      for (let at = Number(start); at < Number(end); at += SLICE_BYTES) {
        if (signal?.aborted === true) throw new AbortError()
        yield bytes.subarray(at, Math.min(Number(end), at + SLICE_BYTES))
      }
    },
  }
}

/** A CAR file on disk; its size is read now, and each read opens the file again. */
export async function fileCarSource(path: string): Promise<CarSource> {
  let size: bigint
  try {
    size = BigInt((await stat(path)).size)
  } catch (error) {
    throw new AdapterError(`cannot serve ${path}`, { cause: error })
  }
  return {
    size,
    async *read(start, end, signal) {
      if (end <= start) return
      // createReadStream's `end` is inclusive.
      const stream = createReadStream(path, {
        start: Number(start),
        end: Number(end) - 1,
        highWaterMark: SLICE_BYTES,
      })
      try {
        for await (const chunk of stream as AsyncIterable<Uint8Array>) {
          if (signal?.aborted === true) throw new AbortError()
          yield chunk
        }
      } finally {
        stream.destroy()
      }
    },
  }
}

/** The source a registration serves. */
export async function carSourceOf(payload: CarPayload): Promise<CarSource> {
  if (payload instanceof Uint8Array) return bytesCarSource(payload)
  if ('path' in payload) return fileCarSource(payload.path)
  return payload
}
