/**
 * PublishStorageDeals' return value (lotus-chain-api.md §5.2, §5.3). Since actors v6 it is the tuple
 * `[IDs, ValidDeals]`, ValidDeals an RLE+ bitfield of the input indexes the market kept; actors v0–v5
 * returned `[IDs]` alone, publishing all deals or none. The two shapes differ in their length, so
 * the return is read by shape and needs no network-version lookup. Lotus' ReturnDec JSON carries
 * the same value as `{"IDs": [...], "ValidDeals": <JSON bitfield>}`.
 *
 * @module
 */
import { DecodeError } from '../../../errors.ts'
import { CborReader } from '../../../market/cbor/reader.ts'
import { encodeNode } from '../../../market/cbor/writer.ts'
import type { PublishStorageDealsReturn } from '../../chain.ts'
import { decodeBitfield, encodeBitfield } from '../../sim-chain/bitfield.ts'
import { decodeBitfieldJson, encodeBitfieldJson } from '../json/bitfield.ts'
import { asArray, asObject, asUint64, member } from '../json/scalars.ts'

const MAX_U64 = 2n ** 64n - 1n
const PATH = 'PublishStorageDealsReturn'

/** Reads the CBOR return of a successful PublishStorageDeals, in either actor-version shape. */
export function decodePublishReturn(bytes: Uint8Array): PublishStorageDealsReturn {
  const reader = new CborReader(bytes)
  const length = reader.arrayHeader(PATH)
  if (length !== 1 && length !== 2) return reader.fail('wrong-length', PATH, `${length} elements`)
  const count = reader.arrayHeader(`${PATH}.IDs`)
  const ids: bigint[] = []
  for (let i = 0; i < count; i++) ids.push(reader.uint(`${PATH}.IDs[${i}]`, MAX_U64))
  let validDeals: number[]
  if (length === 2) {
    const field = reader.bytes(`${PATH}.ValidDeals`)
    try {
      validDeals = decodeBitfield(field)
    } catch (error) {
      throw new DecodeError('invalid-value', `${PATH}.ValidDeals`, 'malformed RLE+ bitfield', {
        cause: error,
      })
    }
  } else {
    validDeals = ids.map((_, i) => i)
  }
  reader.end(PATH)
  if (validDeals.length !== ids.length) {
    throw new DecodeError('invalid-value', PATH, `${ids.length} ids for ${validDeals.length} valid deals`)
  }
  return { ids, validDeals }
}

/** The CBOR return of PublishStorageDeals in the current (actors v6+) shape. */
export function encodePublishReturn(value: PublishStorageDealsReturn): Uint8Array {
  return encodeNode([value.ids, encodeBitfield(value.validDeals)])
}

/** The JSON form of a decoded publish return (Lotus ReturnDec). */
export interface PublishReturnJson {
  readonly IDs: readonly bigint[]
  readonly ValidDeals: readonly number[]
}

/** Lotus' ReturnDec for a publish return. */
export function encodePublishReturnJson(value: PublishStorageDealsReturn): PublishReturnJson {
  return { IDs: value.ids, ValidDeals: encodeBitfieldJson(value.validDeals) }
}

/** Reads Lotus' ReturnDec of a publish return. */
export function decodePublishReturnJson(value: unknown, path: string): PublishStorageDealsReturn {
  const object = asObject(value, path)
  const ids = asArray(member(object, 'IDs', path), `${path}.IDs`).map((id, i) =>
    asUint64(id, `${path}.IDs[${i}]`),
  )
  const validDeals = decodeBitfieldJson(member(object, 'ValidDeals', path), `${path}.ValidDeals`)
  if (validDeals.length !== ids.length) {
    throw new DecodeError('invalid-value', path, `${ids.length} ids for ${validDeals.length} valid deals`)
  }
  return { ids, validDeals }
}
