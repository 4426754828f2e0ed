/**
 * The provider's front door as a hostile peer sees it: an embedded market whose provider is
 * reached over the in-process network by a client end of our own, which writes whatever proposal
 * (or bytes) it likes and reads what comes back.
 */
import type { ClientNetwork, Signed } from '../../../src/adapters/network.ts'
import { PROVIDER_PEER } from '../../../src/embedded/identity.ts'
import { createEmbeddedMarket, type EmbeddedMarket } from '../../../src/embedded/index.ts'
import {
  type ClientDealProposal,
  clientDealProposalCid,
  type DealProposal,
  type Proposal,
  type SignedResponse,
  TTGraphsync,
  toUnpaddedSize,
} from '../../../src/market/index.ts'

export { PROVIDER_PEER }

/** A market, a payload its client imported, and a hostile client end. */
export interface Door {
  readonly market: EmbeddedMarket
  readonly peer: ClientNetwork
  /** Failures nobody awaited: provider warnings and the like. */
  readonly errors: Error[]
  /** A proposal the provider accepts, for the payload. */
  valid(): Promise<DealProposal>
  /** Signs `proposal` with the client's key. */
  sign(proposal: DealProposal): Promise<ClientDealProposal>
  /** The network message for a signed proposal. */
  message(signed: ClientDealProposal | null): Proposal
  /** Writes `message` on a new deal stream and reads the answer (or the error the read got). */
  send(message: Proposal): Promise<Signed<SignedResponse>>
  close(): Promise<void>
}

/** Opens a market whose provider accepts deals of 10 to 5,000,000 epochs (so every rule can be hit). */
export async function openDoor(peerId = 'mallory'): Promise<Door> {
  const errors: Error[] = []
  const market = await createEmbeddedMarket({
    seed: 5,
    onError: (error) => errors.push(error),
    provider: { dealDurationLimits: { min: 10, max: 5_000_000 } },
  })
  await market.start()
  const payload = await market.importData(new TextEncoder().encode('hostile payload '.repeat(100)))
  const peer = market.network.client(peerId)
  const door: Door = {
    market,
    peer,
    errors,
    async valid() {
      const bounds = await market.providerNode.dealProviderCollateralBounds(payload.pieceSize, false)
      const ask = await market.client.getAsk(market.providerInfo)
      const start = market.epoch + 100
      return {
        PieceCID: payload.pieceCid,
        PieceSize: payload.pieceSize,
        VerifiedDeal: false,
        Client: market.addresses.client,
        Provider: market.addresses.miner,
        Label: 'hostile',
        StartEpoch: start,
        EndEpoch: start + 100,
        StoragePricePerEpoch: (ask.Price * BigInt(payload.pieceSize)) / 2n ** 30n + 1n,
        ProviderCollateral: bounds.min,
        ClientCollateral: 0n,
      }
    },
    sign: (proposal) => market.clientNode.signProposal(market.addresses.client, proposal),
    message: (signed) => ({
      DealProposal: signed,
      Piece: {
        TransferType: TTGraphsync,
        Root: payload.root,
        PieceCid: payload.pieceCid,
        PieceSize: toUnpaddedSize(payload.pieceSize),
        RawBlockSize: payload.dataSize,
      },
      FastRetrieval: false,
    }),
    async send(message) {
      const stream = await peer.newDealStream(PROVIDER_PEER)
      try {
        await stream.writeDealProposal(message)
        const reading = stream.readDealResponse()
        // Handled below, once the provider had its turn; not an unhandled rejection meanwhile.
        reading.catch(() => undefined)
        await market.settle()
        return await reading
      } finally {
        await stream.close()
        await market.settle()
      }
    },
    close: () => market.stop(),
  }
  return door
}

/** The proposal CID the provider files a signed proposal under. */
export const cidOf = clientDealProposalCid
