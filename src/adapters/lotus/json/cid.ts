/**
 * CIDs in the Lotus API: `{"/": "<cid string>"}`, and `null` for an undefined CID.
 *
 * @module
 */
import { CID } from 'multiformats/cid'
import { asObject, asString, fail, member } from './scalars.ts'

/** The JSON form of a CID. */
export interface CidJson {
  readonly '/': string
}

/** The Lotus JSON form of a CID. */
export function encodeCid(cid: CID): CidJson {
  return { '/': cid.toString() }
}

/** Reads `{"/": "..."}`. */
export function decodeCid(value: unknown, path: string): CID {
  const text = asString(member(asObject(value, path), '/', path), `${path}./`)
  try {
    return CID.parse(text)
  } catch (error) {
    return fail('invalid-cid', path, `${JSON.stringify(text)} is not a CID`, error)
  }
}

/** Reads a CID that may be null (an undefined CID); null reads as undefined. */
export function decodeOptionalCid(value: unknown, path: string): CID | undefined {
  return value === null ? undefined : decodeCid(value, path)
}
