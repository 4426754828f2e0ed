/**
 * Bad answers at the client's door: a hostile provider on the in-process network answers the
 * client's proposal, or its status polls, with a wrong signature, an answer about another
 * proposal, or an unexpected state. The client fails the deal with a message naming what was
 * wrong, releases what it reserved, and lets nothing escape unhandled.
 */
import type { CID } from 'multiformats/cid'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { MarketReceiver, ProviderDealStream } from '../../../src/adapters/network.ts'
import { clientMessages } from '../../../src/client/messages.ts'
import {
  createEmbeddedMarket,
  type EmbeddedMarket,
  type ImportedPayload,
} from '../../../src/embedded/index.ts'
import {
  type DealStatusResponse,
  encodeProviderDealState,
  encodeResponse,
  type ProviderDealState,
  type Response,
  type StorageDealStatus,
  TTManual,
  toUnpaddedSize,
} from '../../../src/market/index.ts'

const EVIL = 'evil-provider'
let proposals = 0

let market: EmbeddedMarket
let payload: ImportedPayload
const unhandled: unknown[] = []
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason)
}

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled)
  market = await createEmbeddedMarket({ seed: 9 })
  await market.start()
  payload = await market.importData(new TextEncoder().encode('bad answers '.repeat(100)))
})
beforeEach(() => {
  unhandled.length = 0
})
afterAll(async () => {
  await market.stop()
  process.off('unhandledRejection', onUnhandled)
})

/** How the hostile provider answers. */
interface Answers {
  /** The deal response, from the proposal CID the client sent. */
  proposal(proposalCid: CID): Response
  /** Who signs it. */
  proposalSigner?: 'worker' | 'client'
  /** The status answer, from the CID asked about. */
  status?(proposalCid: CID): ProviderDealState
  statusSigner?: 'worker' | 'client'
}

/** Registers `answers` as the provider `EVIL`, signing with the real worker's key unless told otherwise. */
function hostileProvider(answers: Answers): void {
  const { addresses, providerNode } = market
  const sign = (who: 'worker' | 'client' | undefined, bytes: Uint8Array) =>
    who === 'client'
      ? market.clientNode.signBytes(addresses.client, bytes)
      : providerNode.signBytes(addresses.worker, bytes)
  const receiver: MarketReceiver = {
    async handleDealStream(stream: ProviderDealStream) {
      const proposal = await stream.readDealProposal()
      if (proposal.DealProposal === null) throw new Error('no proposal')
      const { clientDealProposalCid } = await import('../../../src/market/index.ts')
      const response = answers.proposal(await clientDealProposalCid(proposal.DealProposal))
      const signature = await sign(answers.proposalSigner, encodeResponse(response))
      await stream.writeDealResponse({ Response: response, Signature: signature })
      await stream.close()
    },
    handleAskRequest: () => market.provider.handleAskRequest({ Miner: addresses.miner }),
    async handleDealStatusRequest(request): Promise<DealStatusResponse> {
      if (answers.status === undefined) throw new Error('no status answers')
      const state = answers.status(request.Proposal)
      return { DealState: state, Signature: await sign(answers.statusSigner, encodeProviderDealState(state)) }
    },
  }
  market.network.provider(EVIL).setReceiver(receiver)
}

/** Proposes a deal to `EVIL` (manual transfer, so acceptance polling starts at once) and runs it to an end. */
async function proposeToHostile(): Promise<CID> {
  const start = market.epoch + 20
  const { proposalCid } = await market.client.proposeStorageDeal({
    client: market.addresses.client,
    provider: { ...market.providerInfo, peerId: EVIL },
    data: {
      TransferType: TTManual,
      Root: payload.root,
      PieceCid: payload.pieceCid,
      PieceSize: toUnpaddedSize(payload.pieceSize),
      RawBlockSize: payload.dataSize,
    },
    startEpoch: start,
    endEpoch: start + 100,
    // Distinct proposals, though the market is shared.
    pricePerEpoch: 1_000_000n + BigInt(++proposals),
  })
  await market.runUntil((progress) => progress.finished === progress.deals.length, { maxEpochs: 400 })
  return proposalCid
}

const respond =
  (state: StorageDealStatus) =>
  (proposalCid: CID): Response => ({
    State: state,
    Message: '',
    Proposal: proposalCid,
    PublishMessage: null,
  })

async function expectFailed(proposalCid: CID, text: string | ((proposalCid: CID) => string)): Promise<void> {
  const deal = await market.client.getLocalDeal(proposalCid)
  expect(deal.State).toBe('StorageDealError')
  expect(deal.Message).toContain(typeof text === 'string' ? text : text(proposalCid))
  expect(market.clientNode.reservedFunds(market.addresses.client)).toBe(0n)
  expect(unhandled).toEqual([])
}

describe('answers to a proposal', () => {
  it('signed by a key other than the worker fail the deal', async () => {
    hostileProvider({ proposal: respond('StorageDealWaitingForData'), proposalSigner: 'client' })
    await expectFailed(await proposeToHostile(), clientMessages.responseVerificationFailed())
  })

  it('about another proposal fail the deal', async () => {
    const other = payload.root
    hostileProvider({ proposal: () => respond('StorageDealWaitingForData')(other) })
    await expectFailed(await proposeToHostile(), (cid) => clientMessages.responseDealDidNotMatch(other, cid))
  })

  it('with an unexpected state fail the deal, naming the state', async () => {
    hostileProvider({ proposal: respond('StorageDealActive') })
    await expectFailed(await proposeToHostile(), 'StorageDealActive')
  })
})

describe('answers to acceptance polls', () => {
  const state = (status: StorageDealStatus, proposalCid: CID | null): ProviderDealState => ({
    State: status,
    Message: '',
    Proposal: null,
    ProposalCid: proposalCid,
    AddFundsCid: null,
    PublishCid: null,
    DealID: 0,
    FastRetrieval: false,
  })

  it('signed by a key other than the worker are not believed; the deal fails at its deadline, saying why', async () => {
    hostileProvider({
      proposal: respond('StorageDealWaitingForData'),
      status: (cid) => state('StorageDealPublishing', cid),
      statusSigner: 'client',
    })
    await expectFailed(await proposeToHostile(), `not signed by ${market.addresses.worker}`)
  })

  it('accepting another proposal fail the deal', async () => {
    hostileProvider({
      proposal: respond('StorageDealWaitingForData'),
      status: () => state('StorageDealActive', payload.root),
    })
    await expectFailed(await proposeToHostile(), (cid) =>
      clientMessages.responseDealDidNotMatch(payload.root, cid),
    )
  })

  it('with a state that never moves on fail the deal at its deadline (start epoch + grace)', async () => {
    hostileProvider({
      proposal: respond('StorageDealWaitingForData'),
      status: (cid) => state('StorageDealPublishing', cid),
    })
    await expectFailed(await proposeToHostile(), "the provider's last state: StorageDealPublishing")
  })

  it('with a failed state fail the deal with the provider message', async () => {
    hostileProvider({
      proposal: respond('StorageDealWaitingForData'),
      status: (cid) => ({ ...state('StorageDealError', cid), Message: 'the provider gave up' }),
    })
    await expectFailed(await proposeToHostile(), 'the provider gave up')
  })
})
