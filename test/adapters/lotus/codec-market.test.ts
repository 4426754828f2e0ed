import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { MarketDeal, MinerInfo, SectorPreCommitInfo } from '../../../src/adapters/chain.ts'
import {
  decodeCollateralBounds,
  decodeMarketBalance,
  decodeMarketDeal,
  encodeCollateralBounds,
  encodeMarketBalance,
  encodeMarketDeal,
} from '../../../src/adapters/lotus/json/market.ts'
import {
  decodeMinerInfo,
  decodePreCommitInfo,
  encodeMinerInfo,
  encodePreCommitInfo,
} from '../../../src/adapters/lotus/json/miner.ts'
import { parseJson, stringifyJson } from '../../../src/adapters/lotus/json/text.ts'
import { DecodeError } from '../../../src/errors.ts'
import { isStringLabel } from '../../../src/market/index.ts'
import { address, cid, dealProposal } from '../../market/arbitraries.ts'

const viaText = (value: unknown) => parseJson(stringifyJson(value))
const amount = fc.bigInt({ min: 0n, max: 2n ** 200n })
const epoch = fc.integer({ min: -1, max: 2 ** 40 })
const uint64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n })

const marketDeal: fc.Arbitrary<MarketDeal> = fc.record({
  proposal: dealProposal,
  state: fc.record({
    sectorNumber: uint64,
    sectorStartEpoch: epoch,
    lastUpdatedEpoch: epoch,
    slashEpoch: epoch,
  }),
})

const minerInfo: fc.Arbitrary<MinerInfo> = fc.record({
  owner: address,
  worker: address,
  controlAddresses: fc.array(address, { maxLength: 3 }),
  peerId: fc.option(fc.constant('12D3KooWGzxzKZYveHXtpG6AsrUJBcWxHBFS2HsEoGTxrMLvKXtf'), { nil: undefined }),
  multiaddrs: fc.array(
    fc.tuple(fc.ipV4(), fc.nat(65535)).map(([ip, port]) => `/ip4/${ip}/tcp/${port}`),
    { maxLength: 3 },
  ),
  sectorSize: fc.constantFrom(2048n, 32n << 30n, 64n << 30n),
})

const preCommit: fc.Arbitrary<SectorPreCommitInfo> = fc.record({
  sectorNumber: uint64,
  dealIds: fc.array(uint64, { maxLength: 4 }),
  expiration: fc.nat(),
  sealedCid: cid,
  preCommitEpoch: fc.nat(),
})

describe('Lotus JSON market codecs', () => {
  it('MarketBalance: {"Escrow", "Locked"} as decimal strings', () => {
    fc.assert(
      fc.property(amount, amount, (escrow, locked) => {
        const json = encodeMarketBalance({ escrow, locked })
        expect(json).toEqual({ Escrow: escrow.toString(), Locked: locked.toString() })
        expect(decodeMarketBalance(viaText(json), 'b')).toEqual({ escrow, locked })
      }),
    )
  })

  it('MarketDeal: the proposal and the deal state; a bytes label reads back as "" as Lotus writes it', () => {
    fc.assert(
      fc.property(marketDeal, (deal) => {
        const read = decodeMarketDeal(viaText(encodeMarketDeal(deal)), 'd')
        const label = isStringLabel(deal.proposal.Label) ? deal.proposal.Label : ''
        expect(read).toEqual({ ...deal, proposal: { ...deal.proposal, Label: label } })
      }),
    )
  })

  it('MarketDeal: nodes of the v1.27 era leave SectorNumber out, read as 0', () => {
    const json = viaText(encodeMarketDeal(fc.sample(marketDeal, 1)[0] as MarketDeal)) as Record<
      string,
      Record<string, unknown>
    >
    delete json.State?.SectorNumber
    expect(decodeMarketDeal(json, 'd').state.sectorNumber).toBe(0n)
    expect(() => decodeMarketDeal({ ...json, State: {} }, 'd')).toThrow(DecodeError)
  })

  it('collateral bounds: {"Min", "Max"}', () => {
    fc.assert(
      fc.property(amount, amount, (min, max) => {
        expect(decodeCollateralBounds(viaText(encodeCollateralBounds({ min, max })), 'c')).toEqual({
          min,
          max,
        })
      }),
    )
  })

  it('MinerInfo: addresses, peer id or null, base64 binary multiaddrs, sector size', () => {
    fc.assert(
      fc.property(minerInfo, (info) => {
        const json = encodeMinerInfo(info)
        expect(json.PeerId).toBe(info.peerId ?? null)
        expect(decodeMinerInfo(viaText(json), 'm')).toEqual(info)
      }),
    )
    const lotus = {
      ...encodeMinerInfo(fc.sample(minerInfo, 1)[0] as MinerInfo),
      ControlAddresses: null,
      Multiaddrs: null,
    }
    expect(decodeMinerInfo(lotus, 'm')).toMatchObject({ controlAddresses: [], multiaddrs: [] })
  })

  it('SectorPreCommitOnChainInfo: {"Info": {...}, "PreCommitDeposit", "PreCommitEpoch"} or null', () => {
    fc.assert(
      fc.property(preCommit, (info) => {
        expect(decodePreCommitInfo(viaText(encodePreCommitInfo(info)), 'p')).toEqual(info)
      }),
    )
    expect(decodePreCommitInfo(null, 'p')).toBeUndefined()
    const json = viaText(encodePreCommitInfo(fc.sample(preCommit, 1)[0] as SectorPreCommitInfo)) as {
      Info: Record<string, unknown>
    }
    expect(decodePreCommitInfo({ ...json, Info: { ...json.Info, DealIDs: null } }, 'p')?.dealIds).toEqual([])
  })
})
