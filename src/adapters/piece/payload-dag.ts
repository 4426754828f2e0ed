/**
 * The DAG a file becomes when imported (the library's small stand-in for UnixFS): the file cut
 * into raw blocks (codec raw, sha2-256) of {@link PAYLOAD_CHUNK_BYTES}, and a dag-cbor root node
 * `{ size, chunks }` listing them in order. Concatenating the chunks gives back the file. The
 * root node grows by about 40 bytes per MiB of file (1.3 MB for 32 GiB), which a CAR holds fine.
 *
 * @module
 */
import * as dagCbor from '@ipld/dag-cbor'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { DecodeError } from '../../errors.ts'
import { type ByteSource, chunksOf } from './byte-source.ts'

/** Size of every raw block but the last. */
export const PAYLOAD_CHUNK_BYTES = 1 << 20

/** A block: its CID and its bytes. */
export interface PayloadBlock {
  readonly cid: CID
  readonly bytes: Uint8Array
}

/** The root node of an imported payload. */
export interface PayloadRoot {
  /** Payload bytes in total. */
  readonly size: number
  /** The raw chunk CIDs, in file order. */
  readonly chunks: readonly CID[]
}

/**
 * Re-cuts `source` into chunks of exactly `size` bytes (the last may be shorter, and an empty
 * source yields nothing), holding at most one chunk in memory.
 */
export async function* rechunk(
  source: ByteSource,
  size: number,
  signal?: AbortSignal,
): AsyncGenerator<Uint8Array> {
  let buffer = new Uint8Array(size)
  let filled = 0
  for await (const chunk of chunksOf(source, signal)) {
    let at = 0
    while (at < chunk.length) {
      const take = Math.min(size - filled, chunk.length - at)
      buffer.set(chunk.subarray(at, at + take), filled)
      filled += take
      at += take
      if (filled === size) {
        yield buffer
        buffer = new Uint8Array(size)
        filled = 0
      }
    }
  }
  if (filled > 0) yield buffer.subarray(0, filled)
}

/** The raw block of one chunk. */
export async function rawBlock(bytes: Uint8Array): Promise<PayloadBlock> {
  return { cid: CID.create(1, raw.code, await sha256.digest(bytes)), bytes }
}

/** The dag-cbor block of a root node. */
export async function encodePayloadRoot(root: PayloadRoot): Promise<PayloadBlock> {
  const bytes = dagCbor.encode({ size: root.size, chunks: [...root.chunks] })
  return { cid: CID.create(1, dagCbor.code, await sha256.digest(bytes)), bytes }
}

/** Reads a root node. Throws DecodeError when `bytes` is not one. */
export function decodePayloadRoot(bytes: Uint8Array): PayloadRoot {
  let value: unknown
  try {
    value = dagCbor.decode(bytes)
  } catch (error) {
    throw new DecodeError('invalid-cbor', 'PayloadRoot', 'not dag-cbor', { cause: error })
  }
  const node = value as { size?: unknown; chunks?: unknown }
  if (
    typeof node !== 'object' ||
    node === null ||
    !Number.isSafeInteger(node.size) ||
    (node.size as number) < 0
  ) {
    throw new DecodeError('invalid-value', 'PayloadRoot.size', 'missing or not a size')
  }
  if (!Array.isArray(node.chunks) || !node.chunks.every((chunk) => CID.asCID(chunk) !== null)) {
    throw new DecodeError('invalid-value', 'PayloadRoot.chunks', 'missing or not a list of CIDs')
  }
  return { size: node.size as number, chunks: node.chunks as CID[] }
}
