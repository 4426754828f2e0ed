/**
 * Canonical CBOR output through @ipld/dag-cbor, which already writes what cbor-gen writes for our
 * types: shortest headers, map keys sorted shorter-first then bytewise, CIDs as tag 42.
 *
 * The one thing dag-cbor cannot express is a text string whose bytes are not UTF-8 (Go peer IDs and
 * messages that embed them). Such strings travel as {@link RawText}; a tree containing one is written
 * by concatenating dag-cbor encodings of its parts around hand-written headers, which CBOR allows
 * because an item's encoding does not depend on its neighbours.
 *
 * @module
 */

import * as dagCbor from '@ipld/dag-cbor'
import type { CID } from 'multiformats/cid'

/** Text whose exact bytes must be written, UTF-8 or not. */
export class RawText {
  constructor(readonly bytes: Uint8Array) {}
}

/** A value tree ready to encode. Numbers must be safe integers; bigints must fit in 64 bits. */
export type CborNode =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | CID
  | RawText
  | readonly CborNode[]
  | { readonly [key: string]: CborNode }

function isPlainMap(node: CborNode): node is { readonly [key: string]: CborNode } {
  return (
    typeof node === 'object' &&
    node !== null &&
    !Array.isArray(node) &&
    !(node instanceof Uint8Array) &&
    !(node instanceof RawText) &&
    (node as { asCID?: unknown }).asCID !== node
  )
}

function containsRawText(node: CborNode): boolean {
  if (node instanceof RawText) return true
  if (Array.isArray(node)) return node.some(containsRawText)
  if (isPlainMap(node)) return Object.values(node).some(containsRawText)
  return false
}

function header(major: number, length: number): Uint8Array {
  const top = major << 5
  if (length < 24) return Uint8Array.of(top | length)
  if (length < 0x100) return Uint8Array.of(top | 24, length)
  if (length < 0x10000) return Uint8Array.of(top | 25, length >> 8, length & 0xff)
  return Uint8Array.of(top | 26, length >>> 24, (length >> 16) & 0xff, (length >> 8) & 0xff, length & 0xff)
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0))
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}

/** cbor-gen and dag-cbor order: shorter key first, then bytewise (our keys are ASCII field names). */
function compareKeys(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0)
}

/** Encodes a tree as canonical CBOR. */
export function encodeNode(node: CborNode): Uint8Array {
  if (!containsRawText(node)) {
    // dag-cbor hands out Node Buffers where it can; callers get plain Uint8Arrays everywhere.
    const out = dagCbor.encode(node)
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength)
  }
  if (node instanceof RawText) return concat([header(3, node.bytes.length), node.bytes])
  if (Array.isArray(node)) return concat([header(4, node.length), ...node.map(encodeNode)])
  const map = node as { readonly [key: string]: CborNode }
  const keys = Object.keys(map).sort(compareKeys)
  const parts = [header(5, keys.length)]
  for (const key of keys) parts.push(dagCbor.encode(key), encodeNode(map[key] as CborNode))
  return concat(parts)
}
