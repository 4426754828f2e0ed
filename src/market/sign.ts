/**
 * Producing the signed forms of proposals and network messages with a {@link Signer}; each signs
 * exactly the bytes the matching check in verify.ts covers.
 *
 * @module
 */

import type { CID } from 'multiformats/cid'
import type { Address } from './address.ts'
import type { SignedStorageAsk, StorageAsk } from './ask.ts'
import { encodeStorageAsk } from './codec/ask.ts'
import { encodeResponse } from './codec/deal-messages.ts'
import { encodeDealProposal } from './codec/deal-proposal.ts'
import { dealStatusRequestSigningBytes, encodeProviderDealState } from './codec/deal-status.ts'
import type { ClientDealProposal, DealProposal } from './deal-proposal.ts'
import type { DealStatusRequest, DealStatusResponse, Response, SignedResponse } from './messages.ts'
import type { ProviderDealState } from './provider-deal-state.ts'
import type { Signer, SignOptions } from './signer.ts'

/** Signs a proposal with its Client's key (Go `SignProposal`). */
export async function signDealProposal(
  signer: Signer,
  proposal: DealProposal,
  options?: SignOptions,
): Promise<ClientDealProposal> {
  const ClientSignature = await signer.sign(proposal.Client, encodeDealProposal(proposal), options)
  return { Proposal: proposal, ClientSignature }
}

/** Signs a deal response with the provider's worker key. */
export async function signResponse(
  signer: Signer,
  worker: Address,
  response: Response,
  options?: SignOptions,
): Promise<SignedResponse> {
  return { Response: response, Signature: await signer.sign(worker, encodeResponse(response), options) }
}

/** Signs a storage ask with the provider's worker key. */
export async function signStorageAsk(
  signer: Signer,
  worker: Address,
  ask: StorageAsk,
  options?: SignOptions,
): Promise<SignedStorageAsk> {
  return { Ask: ask, Signature: await signer.sign(worker, encodeStorageAsk(ask), options) }
}

/** Builds a deal-status request signed with the proposal client's key. */
export async function signDealStatusRequest(
  signer: Signer,
  client: Address,
  proposalCid: CID,
  options?: SignOptions,
): Promise<DealStatusRequest> {
  const Signature = await signer.sign(client, dealStatusRequestSigningBytes(proposalCid), options)
  return { Proposal: proposalCid, Signature }
}

/** Builds a deal-status response signed with the provider's worker key. */
export async function signDealStatusResponse(
  signer: Signer,
  worker: Address,
  state: ProviderDealState,
  options?: SignOptions,
): Promise<DealStatusResponse> {
  return { DealState: state, Signature: await signer.sign(worker, encodeProviderDealState(state), options) }
}
