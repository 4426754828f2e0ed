import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { describe, expect, it } from 'vitest'
import {
  commitmentOfPieceCid,
  isPieceCid,
  pieceCidFromCommitment,
  pieceCommitmentOfBytes,
} from '../../../src/adapters/piece/index.ts'
import { InvalidPieceCidError } from '../../../src/errors.ts'

describe('piece CIDs', () => {
  it('round-trips a 32-byte commitment', () => {
    const commitment = Uint8Array.from({ length: 32 }, (_, i) => i)
    const cid = pieceCidFromCommitment(commitment)
    expect(isPieceCid(cid)).toBe(true)
    expect(commitmentOfPieceCid(cid)).toEqual(commitment)
    expect(CID.parse(cid.toString()).equals(cid)).toBe(true)
  })

  it('rejects commitments that are not 32 bytes', () => {
    expect(() => pieceCidFromCommitment(new Uint8Array(31))).toThrow(InvalidPieceCidError)
  })

  it('recognises only the fil-commitment-unsealed / sha2-256-trunc254-padded prefix', async () => {
    const rawCid = CID.create(1, raw.code, await sha256.digest(new Uint8Array(3)))
    expect(isPieceCid(rawCid)).toBe(false)
    expect(() => commitmentOfPieceCid(rawCid)).toThrow(InvalidPieceCidError)
    expect(isPieceCid(pieceCommitmentOfBytes(new Uint8Array(3)).pieceCid)).toBe(true)
  })
})
