/**
 * What the client pushes: a payload of known size that can be read from any offset, so a
 * restarted channel resumes where the provider stopped.
 *
 * @module
 */

import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { CID } from 'multiformats/cid'

/** A payload the client can push. */
export interface PushPayload {
  /** Bytes in all. */
  readonly size: bigint
  /** The bytes from `offset` to the end; stops when `signal` aborts. */
  open(offset: bigint, signal: AbortSignal): AsyncIterable<Uint8Array>
}

/** Finds the payload under a root CID (undefined when there is none). */
export type PushPayloadLookup = (root: CID) => Promise<PushPayload | undefined>

/** A file (a CAR, typically) as a payload; undefined when the file cannot be read. */
export async function filePayload(path: string): Promise<PushPayload | undefined> {
  const info = await stat(path).catch(() => undefined)
  if (info === undefined || !info.isFile()) return undefined
  return {
    size: BigInt(info.size),
    open: (offset, signal) =>
      // An empty file has nothing to read from any offset; createReadStream would refuse start > end.
      offset >= BigInt(info.size)
        ? emptyIterable()
        : createReadStream(path, { start: Number(offset), signal }),
  }
}

/** Bytes in memory as a payload. */
export function bytesPayload(bytes: Uint8Array): PushPayload {
  return {
    size: BigInt(bytes.length),
    async *open(offset) {
      if (offset < BigInt(bytes.length)) yield bytes.subarray(Number(offset))
    },
  }
}

async function* emptyIterable(): AsyncGenerator<Uint8Array> {}
