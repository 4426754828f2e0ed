/**
 * The byte form of a piece's block locations, as kept in a deal's metadata file (MetadataPath):
 * a dag-cbor list of `[block CID, offset in the payload, block size]`.
 *
 * @module
 */

import * as dagCbor from '@ipld/dag-cbor'
import { CID } from 'multiformats/cid'
import type { PieceBlock } from '../adapters/staging.ts'

/** The metadata-file bytes of a list of blocks. */
export function encodeBlockLocations(blocks: readonly PieceBlock[]): Uint8Array {
  return dagCbor.encode(blocks.map((b) => [b.cid, b.location.relOffset, b.location.blockSize]))
}

/** Read a metadata file. Throws when the bytes are not a list of well-formed entries. */
export function decodeBlockLocations(bytes: Uint8Array): PieceBlock[] {
  const value: unknown = dagCbor.decode(bytes)
  if (!Array.isArray(value)) throw new TypeError('block locations must be a list')
  return value.map((entry: unknown, i) => {
    if (!Array.isArray(entry) || entry.length !== 3)
      throw new TypeError(`block location ${i} is not a triple`)
    const [cid, relOffset, blockSize] = entry as unknown[]
    const parsed = CID.asCID(cid)
    if (parsed === null || !isInteger(relOffset) || !isInteger(blockSize)) {
      throw new TypeError(`block location ${i} is malformed`)
    }
    return { cid: parsed, location: { relOffset: BigInt(relOffset), blockSize: BigInt(blockSize) } }
  })
}

function isInteger(value: unknown): value is number | bigint {
  return typeof value === 'bigint' || Number.isSafeInteger(value)
}
