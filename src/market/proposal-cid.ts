/**
 * The proposal CID: the identifier both sides give a deal, computed from the signed proposal.
 *
 * @module
 */

import * as dagCbor from '@ipld/dag-cbor'
import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'
import { encodeClientDealProposal } from './codec/deal-proposal.ts'
import type { ClientDealProposal } from './deal-proposal.ts'

/**
 * CIDv1, dag-cbor, sha2-256 of the tuple encoding of the signed proposal (`bafyrei…`). Because the
 * signature is hashed too, re-signing the same proposal gives a different CID.
 *
 * Go re-encodes the bytes through go-ipld-cbor before hashing; for this all-tuple value that round
 * trip is the identity, so the encoding is hashed directly.
 *
 * Asynchronous because multiformats' sha2-256 is asynchronous in browsers (WebCrypto). Throws
 * EncodeError when the proposal has no wire form.
 */
export async function clientDealProposalCid(proposal: ClientDealProposal): Promise<CID> {
  const digest = await sha256.digest(encodeClientDealProposal(proposal))
  return CID.createV1(dagCbor.code, digest)
}
