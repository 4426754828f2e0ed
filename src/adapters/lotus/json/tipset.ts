/**
 * Tipsets in the Lotus API: a key is the array of its block CIDs (`[]` means the head in every
 * `tsk` parameter), a tipset is `{"Cids", "Blocks", "Height"}` of which a market node needs the
 * key, the height and the first block's Parents and Timestamp, and a head change is
 * `{"Type": "current" | "apply" | "revert", "Val": <tipset>}`.
 *
 * @module
 */
import type { HeadChange, TipSet, TipSetKey } from '../../chain.ts'
import { type CidJson, decodeCid, encodeCid } from './cid.ts'
import { asArray, asObject, asSafeInt, asString, fail, member } from './scalars.ts'

/** The JSON form of a tipset key. */
export type TipSetKeyJson = readonly CidJson[]

/** The JSON form of a tipset, with one reduced header per block. */
export interface TipSetJson {
  readonly Cids: TipSetKeyJson
  readonly Blocks: readonly BlockHeaderJson[]
  readonly Height: number
}

/** The members of a block header this library writes and reads. */
export interface BlockHeaderJson {
  readonly Parents: TipSetKeyJson
  readonly ParentWeight: string
  readonly Height: number
  /** Unix time in seconds. */
  readonly Timestamp: number
}

/** The JSON form of a head change. */
export interface HeadChangeJson {
  readonly Type: HeadChange['type']
  readonly Val: TipSetJson
}

/** The Lotus JSON form of a tipset key. */
export function encodeTipSetKey(key: TipSetKey): TipSetKeyJson {
  return key.map(encodeCid)
}

/** Reads a tipset key; null (accepted by Lotus as input) reads as the empty key. */
export function decodeTipSetKey(value: unknown, path: string): TipSetKey {
  if (value === null) return []
  return asArray(value, path).map((item, i) => decodeCid(item, `${path}[${i}]`))
}

/** The Lotus JSON form of a tipset; every block shares the tipset's parents, height and time. */
export function encodeTipSet(tipSet: TipSet): TipSetJson {
  const header: BlockHeaderJson = {
    Parents: encodeTipSetKey(tipSet.parents),
    ParentWeight: String(tipSet.height),
    Height: tipSet.height,
    Timestamp: tipSet.timestamp,
  }
  return { Cids: encodeTipSetKey(tipSet.key), Blocks: tipSet.key.map(() => header), Height: tipSet.height }
}

/** Reads a tipset, taking parents and time from its first block. */
export function decodeTipSet(value: unknown, path: string): TipSet {
  const object = asObject(value, path)
  const key = decodeTipSetKey(member(object, 'Cids', path), `${path}.Cids`)
  if (key.length === 0) return fail('invalid-value', `${path}.Cids`, 'a tipset has at least one block')
  const blocks = asArray(member(object, 'Blocks', path), `${path}.Blocks`)
  const first = blocks[0]
  if (first === undefined) return fail('invalid-value', `${path}.Blocks`, 'a tipset has at least one block')
  const block = asObject(first, `${path}.Blocks[0]`)
  return {
    key,
    height: asSafeInt(member(object, 'Height', path), `${path}.Height`, 0n),
    parents: decodeTipSetKey(member(block, 'Parents', `${path}.Blocks[0]`), `${path}.Blocks[0].Parents`),
    timestamp: asSafeInt(member(block, 'Timestamp', `${path}.Blocks[0]`), `${path}.Blocks[0].Timestamp`, 0n),
  }
}

/** The Lotus JSON form of a head change. */
export function encodeHeadChange(change: HeadChange): HeadChangeJson {
  return { Type: change.type, Val: encodeTipSet(change.tipSet) }
}

/** Reads a head change. */
export function decodeHeadChange(value: unknown, path: string): HeadChange {
  const object = asObject(value, path)
  const type = asString(member(object, 'Type', path), `${path}.Type`)
  if (type !== 'current' && type !== 'apply' && type !== 'revert') {
    return fail('invalid-value', `${path}.Type`, `unknown head change type ${JSON.stringify(type)}`)
  }
  return { type, tipSet: decodeTipSet(member(object, 'Val', path), `${path}.Val`) }
}

/** Reads one ChainNotify batch (an array of head changes). */
export function decodeHeadChanges(value: unknown, path: string): HeadChange[] {
  return asArray(value, path).map((item, i) => decodeHeadChange(item, `${path}[${i}]`))
}
