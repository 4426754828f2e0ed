/**
 * The devnet's state methods: market balance and deals, miners, collateral bounds, pre-commits,
 * address resolution, DataCap, and message search and wait. The lookback limit and
 * allowReplaced of StateSearchMsg / StateWaitMsg are read and ignored: the simulated chain keeps
 * every message and never replaces one.
 *
 * @module
 */
import { decodeAddress, encodeAddress } from '../lotus/json/address.ts'
import { decodeCid } from '../lotus/json/cid.ts'
import { encodeCollateralBounds, encodeMarketBalance, encodeMarketDeal } from '../lotus/json/market.ts'
import { encodeMinerInfo, encodePreCommitInfo } from '../lotus/json/miner.ts'
import { encodeMsgLookup } from '../lotus/json/receipt.ts'
import { asBool, asSafeInt, asUint64, encodeBigInt } from '../lotus/json/scalars.ts'
import { decodeTipSetKey } from '../lotus/json/tipset.ts'
import { lotusMethod, type MethodHandler, type Params } from './handler.ts'

const addressAndKey = (params: Params) =>
  [params.get(0, decodeAddress), params.get(1, decodeTipSetKey)] as const

/** State methods by JSON-RPC name. */
export const STATE_METHODS: Readonly<Record<string, MethodHandler>> = {
  'Filecoin.StateMarketBalance': lotusMethod('StateMarketBalance', async (params, { chain, signal }) => {
    const [address, tsk] = addressAndKey(params)
    return encodeMarketBalance(await chain.stateMarketBalance(address, tsk, { signal }))
  }),
  'Filecoin.StateMarketStorageDeal': lotusMethod(
    'StateMarketStorageDeal',
    async (params, { chain, signal }) => {
      const dealId = params.get(0, asUint64)
      const tsk = params.get(1, decodeTipSetKey)
      return encodeMarketDeal(await chain.stateMarketStorageDeal(dealId, tsk, { signal }))
    },
  ),
  'Filecoin.StateMinerInfo': lotusMethod('StateMinerInfo', async (params, { chain, signal }) => {
    const [address, tsk] = addressAndKey(params)
    return encodeMinerInfo(await chain.stateMinerInfo(address, tsk, { signal }))
  }),
  'Filecoin.StateListMiners': lotusMethod('StateListMiners', async (params, { chain, signal }) => {
    const miners = await chain.stateListMiners(params.get(0, decodeTipSetKey), { signal })
    return miners.map(encodeAddress)
  }),
  'Filecoin.StateDealProviderCollateralBounds': lotusMethod(
    'StateDealProviderCollateralBounds',
    async (params, { chain, signal }) => {
      const size = params.get(0, (value, path) => asSafeInt(value, path, 0n))
      const verified = params.get(1, asBool)
      const tsk = params.get(2, decodeTipSetKey)
      return encodeCollateralBounds(
        await chain.stateDealProviderCollateralBounds(size, verified, tsk, { signal }),
      )
    },
  ),
  'Filecoin.StateSectorPreCommitInfo': lotusMethod(
    'StateSectorPreCommitInfo',
    async (params, { chain, signal }) => {
      const miner = params.get(0, decodeAddress)
      const sector = params.get(1, asUint64)
      const tsk = params.get(2, decodeTipSetKey)
      const info = await chain.stateSectorPreCommitInfo(miner, sector, tsk, { signal })
      return info === undefined ? null : encodePreCommitInfo(info)
    },
  ),
  'Filecoin.StateLookupID': lotusMethod('StateLookupID', async (params, { chain, signal }) => {
    const [address, tsk] = addressAndKey(params)
    return encodeAddress(await chain.stateLookupId(address, tsk, { signal }))
  }),
  'Filecoin.StateAccountKey': lotusMethod('StateAccountKey', async (params, { chain, signal }) => {
    const [address, tsk] = addressAndKey(params)
    return encodeAddress(await chain.stateAccountKey(address, tsk, { signal }))
  }),
  'Filecoin.StateVerifiedClientStatus': lotusMethod(
    'StateVerifiedClientStatus',
    async (params, { chain, signal }) => {
      const [address, tsk] = addressAndKey(params)
      const dataCap = await chain.stateVerifiedClientStatus(address, tsk, { signal })
      return dataCap === undefined ? null : encodeBigInt(dataCap)
    },
  ),
  'Filecoin.StateSearchMsg': lotusMethod('StateSearchMsg', async (params, { chain, signal }) => {
    const tsk = params.get(0, decodeTipSetKey)
    const cid = params.get(1, decodeCid)
    params.get(2, asSafeInt)
    params.get(3, asBool)
    // Lotus loads the message first: an unknown CID is an error, not "not found yet".
    await chain.chainGetMessage(cid, { signal })
    const lookup = await chain.stateSearchMsg(tsk, cid, { signal })
    return lookup === undefined ? null : encodeMsgLookup(lookup, false)
  }),
  'Filecoin.StateWaitMsg': lotusMethod('StateWaitMsg', async (params, { chain, signal }) => {
    const cid = params.get(0, decodeCid)
    const confidence = params.get(1, (value, path) => asSafeInt(value, path, 0n))
    params.get(2, asSafeInt)
    params.get(3, asBool)
    return encodeMsgLookup(await chain.stateWaitMsg(cid, confidence, { signal }), true)
  }),
}
