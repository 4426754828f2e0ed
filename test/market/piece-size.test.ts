import { CID } from 'multiformats/cid'
import * as Digest from 'multiformats/hashes/digest'
import { describe, expect, it } from 'vitest'
import { InvalidPieceSizeError } from '../../src/errors.ts'
import {
  clientBalanceRequirement,
  type DealProposal,
  dealDuration,
  isValidPaddedPieceSize,
  parseAddress,
  providerBalanceRequirement,
  toPaddedSize,
  totalStorageFee,
  toUnpaddedSize,
  validatePaddedPieceSize,
  validateUnpaddedPieceSize,
} from '../../src/market/index.ts'

describe('piece sizes', () => {
  it('converts between padded and unpadded sizes', () => {
    expect(toUnpaddedSize(128)).toBe(127)
    expect(toUnpaddedSize(2048)).toBe(2032)
    expect(toUnpaddedSize(32 * 2 ** 30)).toBe(34091302912)
    expect(toPaddedSize(127)).toBe(128)
    expect(toPaddedSize(1016)).toBe(1024)
    for (let exponent = 7; exponent <= 40; exponent++) {
      expect(toPaddedSize(toUnpaddedSize(2 ** exponent))).toBe(2 ** exponent)
    }
  })

  it('rejects invalid padded sizes with the reason', () => {
    expect(() => validatePaddedPieceSize(64)).toThrow(/below 128 bytes/)
    expect(() => validatePaddedPieceSize(129)).toThrow(/not a power of two/)
    expect(() => validatePaddedPieceSize(-128)).toThrow(InvalidPieceSizeError)
    expect(() => validatePaddedPieceSize(1.5)).toThrow(InvalidPieceSizeError)
    expect(isValidPaddedPieceSize(256)).toBe(true)
    expect(isValidPaddedPieceSize(384)).toBe(false)
  })

  it('rejects invalid unpadded sizes', () => {
    expect(() => validateUnpaddedPieceSize(126)).toThrow(InvalidPieceSizeError)
    expect(() => validateUnpaddedPieceSize(128)).toThrow(InvalidPieceSizeError)
    expect(() => validateUnpaddedPieceSize(127 * 3)).toThrow(InvalidPieceSizeError)
    expect(() => toPaddedSize(1000)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_PIECE_SIZE', size: 1000 }),
    )
  })
})

describe('balance requirements', () => {
  const proposal: DealProposal = {
    PieceCID: CID.createV1(0xf101, Digest.create(0x1012, new Uint8Array(32))),
    PieceSize: 1 << 20,
    VerifiedDeal: false,
    Client: parseAddress('f0100'),
    Provider: parseAddress('f0101'),
    Label: '',
    StartEpoch: 200,
    EndEpoch: 200 + 518_400,
    StoragePricePerEpoch: 10_000n,
    ProviderCollateral: 5_000n,
    ClientCollateral: 7n,
  }

  it('derives duration, fee and both sides’ requirements', () => {
    expect(dealDuration(proposal)).toBe(518_400)
    expect(totalStorageFee(proposal)).toBe(5_184_000_000n)
    expect(clientBalanceRequirement(proposal)).toBe(5_184_000_007n)
    expect(providerBalanceRequirement(proposal)).toBe(5_000n)
  })
})
