/**
 * Signatures in the Lotus API: `{"Type": 1 | 2 | 3, "Data": "<base64>"}`.
 *
 * @module
 */
import { isSigTypeCode, type Signature } from '../../../market/index.ts'
import { asObject, asSafeInt, decodeBytes, encodeBytes, fail, member } from './scalars.ts'

/** The JSON form of a signature. */
export interface SignatureJson {
  readonly Type: number
  readonly Data: string | null
}

/** The Lotus JSON form of a signature. */
export function encodeSignature(signature: Signature): SignatureJson {
  return { Type: signature.Type, Data: encodeBytes(signature.Data) }
}

/** Reads a signature; an unknown type is refused. */
export function decodeSignature(value: unknown, path: string): Signature {
  const object = asObject(value, path)
  const type = asSafeInt(member(object, 'Type', path), `${path}.Type`)
  if (!isSigTypeCode(type)) return fail('invalid-signature', `${path}.Type`, `unknown signature type ${type}`)
  return { Type: type, Data: decodeBytes(member(object, 'Data', path), `${path}.Data`) }
}
