/**
 * The client's two signed queries to a provider: its storage ask and its state of a deal. Both
 * check the answer's signature with the provider's worker key at the current head.
 *
 * @module
 */

import type { ClientNetwork } from '../adapters/network.ts'
import type { AbortOptions, StorageClientNode, StorageProviderInfo } from '../adapters/node.ts'
import { peerFromRecord } from '../adapters/record-ids.ts'
import { AskMinerMismatchError, AskNotFoundError, SignatureNotVerifiedError } from '../errors.ts'
import {
  addressEquals,
  type ClientDeal,
  dealStatusRequestSigningBytes,
  type ProviderDealState,
  type StorageAsk,
} from '../market/index.ts'

/** What the queries need. */
export interface ProviderQueryComponents {
  readonly node: StorageClientNode
  readonly network: ClientNetwork
}

/**
 * The provider's signed ask for `info.address`.
 *
 * @throws {@link AskNotFoundError} when the provider has none (the reference crashes here)
 * @throws {@link AskMinerMismatchError} when the ask is another miner's
 * @throws {@link SignatureNotVerifiedError} when the worker did not sign it
 */
export async function queryStorageAsk(
  { node, network }: ProviderQueryComponents,
  info: StorageProviderInfo,
  options?: AbortOptions,
): Promise<StorageAsk> {
  const answer = await network.queryAsk(info.peerId, { Miner: info.address }, options)
  const ask = answer.value.Ask?.Ask ?? null
  const signature = answer.value.Ask?.Signature ?? null
  if (ask === null) throw new AskNotFoundError(info.address.toString())
  if (!addressEquals(ask.Miner, info.address)) {
    throw new AskMinerMismatchError(info.address.toString(), ask.Miner.toString())
  }
  const head = await node.getChainHead(options)
  const valid =
    signature !== null &&
    (await node.verifySignature(signature, info.worker, answer.signedBytes, head.token, options))
  if (!valid) throw new SignatureNotVerifiedError('ask', info.worker.toString())
  return ask
}

/**
 * The provider's state of `deal`: a status request signed by the proposal's client, answered with
 * a state signed by the provider's worker (`deal.MinerWorker`).
 *
 * @throws {@link SignatureNotVerifiedError} when the worker did not sign the answer
 */
export async function queryProviderDealState(
  { node, network }: ProviderQueryComponents,
  deal: ClientDeal,
  options?: AbortOptions,
): Promise<ProviderDealState> {
  const signature = await node.signBytes(
    deal.Proposal.Client,
    dealStatusRequestSigningBytes(deal.ProposalCid),
    options,
  )
  const answer = await network.queryDealStatus(
    peerFromRecord(deal.Miner),
    { Proposal: deal.ProposalCid, Signature: signature },
    options,
  )
  const head = await node.getChainHead(options)
  const valid = await node.verifySignature(
    answer.value.Signature,
    deal.MinerWorker,
    answer.signedBytes,
    head.token,
    options,
  )
  if (!valid) throw new SignatureNotVerifiedError('deal-status', deal.MinerWorker.toString())
  return answer.value.DealState
}
