/**
 * The devnet's own methods, outside Lotus' API (admin permission): `Devnet.Advance [epochs]` applies
 * epochs and returns the new head, `Devnet.Reorg [depth]` reverts and re-applies tipsets, and
 * `Devnet.HandOff [miner, dealId]` hands a published deal to the miner's simulated sealer and
 * returns `{SectorNumber, Offset, Size}`, so that a provider in another process can seal.
 *
 * @module
 */
import { toUnpaddedSize } from '../../market/index.ts'
import { decodeAddress } from '../lotus/json/address.ts'
import { asSafeInt, asUint64 } from '../lotus/json/scalars.ts'
import { encodeTipSet } from '../lotus/json/tipset.ts'
import type { PieceReader } from '../node.ts'
import type { MethodHandler } from './handler.ts'

// The simulated sealer never reads piece bytes, and none travel over RPC.
const NO_BYTES: PieceReader = { size: 0n, open: async function* () {} }

const positive = (value: unknown, path: string): number => asSafeInt(value, path, 1n)

/** Devnet methods by JSON-RPC name. */
export const DEVNET_METHODS: Readonly<Record<string, MethodHandler>> = {
  'Devnet.Advance': {
    params: 1,
    permission: 'admin',
    run: async (params, { chain }) => {
      await chain.advance(params.get(0, positive))
      return encodeTipSet(chain.head)
    },
  },
  'Devnet.Reorg': {
    params: 1,
    permission: 'admin',
    run: async (params, { chain }) => {
      await chain.reorg(params.get(0, positive))
      return encodeTipSet(chain.head)
    },
  },
  'Devnet.HandOff': {
    params: 2,
    permission: 'admin',
    run: async (params, { chain, signal }) => {
      const miner = params.get(0, decodeAddress)
      const dealId = params.get(1, asUint64)
      const { proposal } = await chain.stateMarketStorageDeal(dealId, [], { signal })
      const pieceSize = toUnpaddedSize(proposal.PieceSize)
      const piece = { dealId, proposal, publishCid: undefined, pieceSize, piece: NO_BYTES }
      const packed = await chain.sealer(miner).handOff(piece, { signal })
      return { SectorNumber: packed.sectorNumber, Offset: packed.offset, Size: packed.size }
    },
  },
}
