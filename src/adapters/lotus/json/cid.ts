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

/**
 * CIDs already parsed, by text. The same few keep coming back (the head's tipset key in every
 * notification and call, the deals' pieces), and a CID is immutable, so one instance can be shared.
 */
const parsed = new Map<string, CID>()
const PARSED_MAX = 4_096

/** Reads `{"/": "..."}`. */
export function decodeCid(value: unknown, path: string): CID {
  const text = asString(member(asObject(value, path), '/', path), `${path}./`)
  const known = parsed.get(text)
  if (known !== undefined) return known
  let cid: CID
  try {
    cid = CID.parse(text)
  } catch (error) {
    return fail('invalid-cid', path, `${JSON.stringify(text)} is not a CID`, error)
  }
  if (parsed.size >= PARSED_MAX) parsed.clear()
  parsed.set(text, cid)
  return cid
}

/** Reads a CID that may be null (an undefined CID); null reads as undefined. */
export function decodeOptionalCid(value: unknown, path: string): CID | undefined {
  return value === null ? undefined : decodeCid(value, path)
}
