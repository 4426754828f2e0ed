/**
 * The provider over Boost's protocol: DealParams accepted or refused by the same machine, the data
 * pulled from the client's URL (in-process pull), offline deals waiting for the import, and status
 * 1.2.0 answered with Boost's checkpoint names.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { InProcessPullHub, type InProcessTransferRegistry } from '../../src/adapters/in-process/index.ts'
import { OFFLINE_TRANSFER } from '../../src/client/entry/propose-mk12-deal.ts'
import {
  clientDealProposalCid,
  type DealParams,
  type DealProposal,
  type DealUUID,
  type Mk12DealStatusResponse,
  mk12DealStatusRequestSigningBytes,
  newDealUuid,
  type StorageDealStatus,
} from '../../src/market/index.ts'
import { FAILED_VALIDATION, Mk12ValidationText } from '../../src/provider/entry/validate-mk12-proposal.ts'
import { EventText, type StorageProvider } from '../../src/provider/index.ts'
import { wrap } from '../../src/provider/messages.ts'
import { Mk12StatusText, PROVIDER_STATE_CHECKPOINTS } from '../../src/provider/mk12-status.ts'
import { createProviderWorld, HEAD_EPOCH, type ProviderWorld, START_EPOCH } from '../fakes/provider-world.ts'
import { REFERENCE_ONLINE_PROVIDER_STATES } from '../fixtures/reference-sequences.ts'
import { plantDeal, type RunningProvider, startProvider, statesOf, untilState } from './provider-harness.ts'

describe('StorageProvider over mk/1.2', () => {
  let world: ProviderWorld
  let hub: InProcessPullHub
  let registry: InProcessTransferRegistry
  let running: RunningProvider

  beforeEach(async () => {
    world = await createProviderWorld()
    hub = new InProcessPullHub()
    registry = hub.registry((root) => (root.equals(world.root) ? world.payload : undefined))
    const pullTransfer = hub.provider(world.providerPeer)
    world = { ...world, components: { ...world.components, pullTransfer } } as ProviderWorld
    running = await startProvider(world)
  })

  async function params(
    options: { offline?: boolean; uuid?: DealUUID; proposal?: Partial<DealProposal> } = {},
  ): Promise<DealParams> {
    const uuid = options.uuid ?? newDealUuid()
    const transfer = options.offline
      ? OFFLINE_TRANSFER
      : await registry.register({ dealUuid: uuid, root: world.root })
    return {
      DealUUID: uuid,
      IsOffline: options.offline ?? false,
      ClientDealProposal: await world.proposal(options.proposal),
      DealDataRoot: world.root,
      Transfer: transfer,
      RemoveUnsealedCopy: false,
      SkipIPNIAnnounce: false,
    }
  }

  async function status(provider: StorageProvider, uuid: DealUUID, signer = world.client) {
    const bytes = mk12DealStatusRequestSigningBytes(uuid)
    const signature = await world.wallet.sign(signer, bytes)
    return provider.handleMk12DealStatusRequest({ DealUUID: bytes, Signature: signature }, world.clientPeer)
  }

  it('accepts DealParams, pulls the data and runs the reference states to expiry', async () => {
    const { provider } = running
    const deal = await params()
    const response = await provider.handleDealParams(deal, world.clientPeer)
    expect(response).toEqual({ Accepted: true, Message: '' })
    const proposalCid = await clientDealProposalCid(deal.ClientDealProposal)
    await untilState(world, provider, proposalCid, 'StorageDealActive')
    world.node.held.expired?.(undefined)
    const done = await untilState(world, provider, proposalCid, 'StorageDealExpired')
    expect(statesOf(running, proposalCid)).toEqual(REFERENCE_ONLINE_PROVIDER_STATES)
    expect(done.DealUUID).toEqual(deal.DealUUID)
    expect(done.Transfer?.Size).toBe(world.payload.length)
    expect(done.FastRetrieval).toBe(true)
    expect(world.node.handedOff).toHaveLength(1)
    expect(running.errors).toEqual([])
    // Records with the Boost fields round-trip through the store.
    expect((await provider.listLocalDeals())[0]?.DealUUID).toEqual(deal.DealUUID)
  })

  it('answers a refused proposal with Accepted=false and the bare reason', async () => {
    const deal = await params({ proposal: { Provider: world.client } })
    const response = await running.provider.handleDealParams(deal, world.clientPeer)
    expect(response).toEqual({
      Accepted: false,
      Message: `${FAILED_VALIDATION}: ${Mk12ValidationText.wrongProvider(world.client.toString(), world.provider.toString())}`,
    })
    const proposalCid = await clientDealProposalCid(deal.ClientDealProposal)
    const recorded = await untilState(world, running.provider, proposalCid, 'StorageDealError')
    expect(recorded.Message).toBe(wrap(EventText.dealRejected, response.Message))
    expect(response.Message).not.toContain(EventText.dealRejected)
  })

  it("validates with Boost's bounds and reasons, then checks the transfer", async () => {
    // 600 days: beyond go-fil-markets' 540-day maximum, within Boost's 1278 days, so the deal gets
    // past the duration checks to the escrow check (the test client's escrow covers 200 days).
    const long = await params({ proposal: { EndEpoch: START_EPOCH + 600 * 2880 } })
    const longAnswer = await running.provider.handleDealParams(long, world.clientPeer)
    expect(longAnswer.Message).toMatch(/^failed validation: client available funds in escrow \d+ not enough/)
    const late = await params({ proposal: { StartEpoch: HEAD_EPOCH - 1 } })
    expect((await running.provider.handleDealParams(late, world.clientPeer)).Message).toBe(
      `${FAILED_VALIDATION}: ${Mk12ValidationText.startElapsed(HEAD_EPOCH - 1, HEAD_EPOCH)}`,
    )
    const cheap = await params({ proposal: { StoragePricePerEpoch: 1n } })
    expect((await running.provider.handleDealParams(cheap, world.clientPeer)).Message).toBe(
      `${FAILED_VALIDATION}: ${Mk12ValidationText.priceLow(1n, 9765n)}`,
    )
    const graphsync = await params()
    const refused = await running.provider.handleDealParams(
      { ...graphsync, Transfer: { ...graphsync.Transfer, Type: 'graphsync' } },
      world.clientPeer,
    )
    expect(refused).toEqual({
      Accepted: false,
      Message: Mk12ValidationText.transferHost(
        "cannot parse params for unrecognized transfer type 'graphsync'",
      ),
    })
  })

  it('refuses a deal filter rejection with the filter reason', async () => {
    await running.provider.stop()
    const refusing = await startProvider(world, {
      dealFilter: () => ({ accept: false, reason: 'no deals on Sundays' }),
    })
    const response = await refusing.provider.handleDealParams(await params(), world.clientPeer)
    expect(response).toEqual({ Accepted: false, Message: 'no deals on Sundays' })
  })

  it('fails the deal when the pull fails', async () => {
    hub.injectFault({
      message: 'http req failed: code: 500, status: 500 Internal Server Error',
      afterBytes: 10,
    })
    const deal = await params()
    await running.provider.handleDealParams(deal, world.clientPeer)
    const proposalCid = await clientDealProposalCid(deal.ClientDealProposal)
    const failed = await untilState(world, running.provider, proposalCid, 'StorageDealError')
    expect(failed.Message).toBe(
      wrap(
        EventText.dataTransferFailed,
        wrap(EventText.transferReported, 'http req failed: code: 500, status: 500 Internal Server Error'),
      ),
    )
    expect(world.staging.files.size).toBe(0)
    const answer = await status(running.provider, deal.DealUUID)
    expect(answer.DealStatus).toMatchObject({ Status: 'Complete', Error: failed.Message })
  })

  it('fails the deal when the URL is not served', async () => {
    const deal = await params()
    registry.release(deal.DealUUID)
    await running.provider.handleDealParams(deal, world.clientPeer)
    const proposalCid = await clientDealProposalCid(deal.ClientDealProposal)
    const failed = await untilState(world, running.provider, proposalCid, 'StorageDealError')
    expect(failed.Message).toContain('code: 404')
  })

  it('keeps an offline deal waiting for the import, then runs it', async () => {
    const deal = await params({ offline: true })
    expect(await running.provider.handleDealParams(deal, world.clientPeer)).toEqual({
      Accepted: true,
      Message: '',
    })
    const proposalCid = await clientDealProposalCid(deal.ClientDealProposal)
    const waiting = await untilState(world, running.provider, proposalCid, 'StorageDealWaitingForData')
    expect(waiting.InboundCAR).toBe('')
    expect(waiting.Transfer).toBeUndefined()
    const answer = await status(running.provider, deal.DealUUID)
    expect(answer).toMatchObject({ Error: '', IsOffline: true, TransferSize: 0, NBytesReceived: 0 })
    expect(answer.DealStatus?.Status).toBe('Accepted')
    await running.provider.importDataForDeal(proposalCid, world.payload)
    await untilState(world, running.provider, proposalCid, 'StorageDealActive')
  })

  it('answers a retried proposal with its standing and refuses the same proposal under another UUID', async () => {
    const deal = await params()
    await running.provider.handleDealParams(deal, world.clientPeer)
    expect(await running.provider.handleDealParams(deal, world.clientPeer)).toEqual({
      Accepted: true,
      Message: '',
    })
    const other = await running.provider.handleDealParams(
      { ...deal, DealUUID: newDealUuid() },
      world.clientPeer,
    )
    expect(other.Accepted).toBe(false)
    expect(other.Message).toMatch(/^deal proposal is identical to deal [0-9a-f-]{36} \(proposed at /)
    const sameUuid = await running.provider.handleDealParams(
      await params({ uuid: deal.DealUUID, proposal: { StoragePricePerEpoch: 20_000n } }),
      world.clientPeer,
    )
    expect(sameUuid.Accepted).toBe(false)
    expect(sameUuid.Message).toMatch(/^deal has the same uuid as deal /)
  })

  it('answers status queries with checkpoints, and failed queries with Boost texts', async () => {
    const deal = await params()
    await running.provider.handleDealParams(deal, world.clientPeer)
    const proposalCid = await clientDealProposalCid(deal.ClientDealProposal)
    const seen = new Set<string>()
    const record = (answer: Mk12DealStatusResponse) => {
      if (answer.DealStatus !== null) seen.add(answer.DealStatus.Status)
    }
    running.provider.subscribe(() => {
      void status(running.provider, deal.DealUUID).then(record)
    })
    await untilState(world, running.provider, proposalCid, 'StorageDealActive')
    await world.clock.advance(0)
    expect([...seen]).toEqual([
      'Accepted',
      'Transferred',
      'Published',
      'PublishConfirmed',
      'IndexedAndAnnounced',
    ])
    const answer = await status(running.provider, deal.DealUUID)
    expect(answer.DealStatus).toMatchObject({ Error: '', SealingStatus: 'Proving', ChainDealID: 100 })
    expect(answer.DealStatus?.SignedProposalCid.equals(proposalCid)).toBe(true)

    const unknown = newDealUuid()
    expect(await status(running.provider, unknown)).toMatchObject({
      Error: Mk12StatusText.notFound(formatUuid(unknown)),
      DealStatus: null,
    })
    expect(await status(running.provider, deal.DealUUID, world.worker)).toMatchObject({
      Error: Mk12StatusText.badSignature,
      DealStatus: null,
    })
  })

  it.each(['StorageDealWaitingForData', 'StorageDealTransferring'] as const)(
    'pulls again when a restart finds the deal in %s',
    async (state) => {
      await running.provider.stop()
      const uuid = newDealUuid()
      const transfer = await registry.register({ dealUuid: uuid, root: world.root })
      const planted = await world.deal(state, {
        DealUUID: uuid,
        Transfer: transfer,
        // A fresh staging area, as receiving the proposal created (the world's planted one is complete).
        InboundCAR: await world.staging.create('restart', 1n << 20n),
        PublishCid: null,
        AddFundsCid: null,
        TransferChannelId:
          state === 'StorageDealTransferring'
            ? { Initiator: new Uint8Array([1]), Responder: new Uint8Array([2]), ID: 7n }
            : null,
      })
      await plantDeal(world, planted)
      const restarted = await startProvider(world)
      await untilState(world, restarted.provider, planted.ProposalCid, 'StorageDealActive')
      const states = statesOf(restarted, planted.ProposalCid)
      expect(states.slice(0, 3)).toEqual(
        state === 'StorageDealWaitingForData'
          ? ['StorageDealWaitingForData', 'StorageDealTransferring', 'StorageDealVerifyData']
          : ['StorageDealProviderTransferAwaitRestart', 'StorageDealTransferring', 'StorageDealVerifyData'],
      )
    },
  )

  it('maps every provider state to a Boost checkpoint', () => {
    const expected: Partial<Record<StorageDealStatus, string>> = {
      StorageDealValidating: 'Accepted',
      StorageDealWaitingForData: 'Accepted',
      StorageDealTransferring: 'Accepted',
      StorageDealVerifyData: 'Accepted',
      StorageDealReserveProviderFunds: 'Transferred',
      StorageDealPublish: 'Transferred',
      StorageDealPublishing: 'Published',
      StorageDealStaged: 'PublishConfirmed',
      StorageDealAwaitingPreCommit: 'IndexedAndAnnounced',
      StorageDealActive: 'IndexedAndAnnounced',
      StorageDealFailing: 'Complete',
      StorageDealError: 'Complete',
      StorageDealExpired: 'Complete',
    }
    for (const [state, checkpoint] of Object.entries(expected)) {
      expect(PROVIDER_STATE_CHECKPOINTS[state as StorageDealStatus]).toBe(checkpoint)
    }
  })
})

function formatUuid(uuid: DealUUID): string {
  const hex = [...uuid].map((b) => b.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
