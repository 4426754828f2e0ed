/**
 * The client's two signed queries to a provider: its storage ask and its state of a deal. Both
 * check the answer's signature with the provider's worker key at the current head.
 *
 * @module
 */

import type { ClientNetwork } from '../adapters/network.ts'
import type { AbortOptions, StorageClientNode, StorageProviderInfo } from '../adapters/node.ts'
import { peerFromRecord } from '../adapters/record-ids.ts'
import {
  AskMinerMismatchError,
  AskNotFoundError,
  ProtocolFamilyUnavailableError,
  SignatureNotVerifiedError,
} from '../errors.ts'
import {
  addressEquals,
  type ClientDeal,
  dealStatusRequestSigningBytes,
  mk12DealStatusRequestSigningBytes,
  type ProviderDealState,
  type StorageAsk,
} from '../market/index.ts'
import { providerStateFromMk12 } from './mk12-status.ts'

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
  // Only a true answer counts: a node answering anything else has not vouched for the signature.
  const valid =
    signature !== null &&
    (await node.verifySignature(signature, info.worker, answer.signedBytes, head.token, options)) === true
  if (!valid) throw new SignatureNotVerifiedError('ask', info.worker.toString())
  return ask
}

/**
 * The provider's state of `deal`: a status request signed by the proposal's client, answered with
 * a state signed by the provider's worker (`deal.MinerWorker`). A Boost (mk/1.2) deal is queried by
 * its UUID on status 1.2.0 instead, and the unsigned answer is read through its checkpoint
 * ({@link providerStateFromMk12}).
 *
 * @throws {@link SignatureNotVerifiedError} when the worker did not sign the answer
 * @throws {@link ProviderQueryFailedError} when a mk/1.2 provider answered with an error
 */
export async function queryProviderDealState(
  components: ProviderQueryComponents,
  deal: ClientDeal,
  options?: AbortOptions,
): Promise<ProviderDealState> {
  if (deal.DealUUID !== undefined) return queryMk12DealState(components, deal, options)
  const { node, network } = components
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
  if (valid !== true) throw new SignatureNotVerifiedError('deal-status', deal.MinerWorker.toString())
  return answer.value.DealState
}

async function queryMk12DealState(
  { node, network }: ProviderQueryComponents,
  deal: ClientDeal,
  options?: AbortOptions,
): Promise<ProviderDealState> {
  const uuid = deal.DealUUID
  if (uuid === undefined || network.queryMk12DealStatus === undefined) {
    throw new ProtocolFamilyUnavailableError('the client network cannot query mk/1.2 deal status')
  }
  const bytes = mk12DealStatusRequestSigningBytes(uuid)
  const signature = await node.signBytes(deal.Proposal.Client, bytes, options)
  const answer = await network.queryMk12DealStatus(
    peerFromRecord(deal.Miner),
    { DealUUID: bytes, Signature: signature },
    options,
  )
  return providerStateFromMk12(answer)
}
