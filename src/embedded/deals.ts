/**
 * Proposing a deal to the embedded provider: the provider's details as the chain lists them, its
 * ask for the price, and epochs counted from the current head.
 *
 * @module
 */
import type { CID } from 'multiformats/cid'
import { tipSetKeyToToken } from '../adapters/chain.ts'
import type { AbortOptions, StorageClientNode } from '../adapters/node.ts'
import type { StorageClient } from '../client/index.ts'
import { type DataRef, TTGraphsync, TTManual, toUnpaddedSize } from '../market/index.ts'
import {
  DEFAULT_DEAL_DURATION,
  DEFAULT_DEAL_START_DELAY,
  type EmbeddedDealParams,
  type ImportedPayload,
} from './api.ts'
import type { MarketContext } from './context.ts'

const GIB = 1n << 30n

/** The price per epoch the provider's ask sets for a piece of `pieceSize` bytes (its own rounding). */
export function askPriceFor(askPricePerGiB: bigint, pieceSize: number): bigint {
  return (askPricePerGiB * BigInt(pieceSize)) / GIB
}

function payloadOf(ctx: MarketContext, data: ImportedPayload | CID): ImportedPayload {
  return 'pieceCid' in data ? data : ctx.storage.payloads.get(data)
}

/** Proposes `params` through `client`; resolves with the proposal CID. */
export async function proposeEmbeddedDeal(
  ctx: MarketContext,
  client: StorageClient,
  node: Pick<StorageClientNode, 'getMinerInfo'>,
  params: EmbeddedDealParams,
  options?: AbortOptions,
): Promise<CID> {
  const payload = payloadOf(ctx, params.data)
  const head = ctx.chain.head
  // As a client process would: the provider's worker, peer and sector size come from the chain.
  const info = await node.getMinerInfo(ctx.addresses.miner, tipSetKeyToToken(head.key), options)
  const price = params.price ?? askPriceFor((await client.getAsk(info, options)).Price, payload.pieceSize)
  const startEpoch =
    head.height + (params.startDelayEpochs ?? ctx.init.dealStartDelayEpochs ?? DEFAULT_DEAL_START_DELAY)
  const duration = params.durationEpochs ?? ctx.init.dealDurationEpochs ?? DEFAULT_DEAL_DURATION
  const data: DataRef = {
    TransferType: params.manual === true ? TTManual : TTGraphsync,
    Root: payload.root,
    PieceCid: payload.pieceCid,
    PieceSize: toUnpaddedSize(payload.pieceSize),
    RawBlockSize: payload.dataSize,
  }
  const { proposalCid } = await client.proposeStorageDeal(
    {
      client: ctx.addresses.client,
      provider: info,
      data,
      startEpoch,
      endEpoch: startEpoch + duration,
      pricePerEpoch: price,
      fastRetrieval: params.fastRetrieval ?? false,
      protocolFamily: ctx.init.protocolFamily ?? 'mk/1.1',
    },
    options,
  )
  return proposalCid
}
