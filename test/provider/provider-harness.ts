import { Key } from 'interface-datastore'
import type { CID } from 'multiformats/cid'
import type { ChannelId } from '../../src/adapters/data-transfer.ts'
import {
  clientDealProposalCid,
  type DealProposal,
  encodeMinerDeal,
  type MinerDeal,
} from '../../src/market/index.ts'
import {
  createStorageProvider,
  PROVIDER_DEALS_NAMESPACE,
  type ProviderEvent,
  type StorageProvider,
  type StorageProviderInit,
} from '../../src/provider/index.ts'
import { FakeDealStream } from '../fakes/provider-network.ts'
import { type ProviderWorld, TEST_ASK_TERMS } from '../fakes/provider-world.ts'

/** A started provider over a world, with everything it notified and reported. */
export interface RunningProvider {
  readonly provider: StorageProvider
  readonly notifications: { event: ProviderEvent; deal: MinerDeal }[]
  readonly errors: Error[]
}

/** Build and start a provider on the world's components, with the reference tests' ask by default. */
export async function startProvider(
  world: ProviderWorld,
  init: StorageProviderInit = {},
): Promise<RunningProvider> {
  const ask = { price: TEST_ASK_TERMS.price, verifiedPrice: TEST_ASK_TERMS.verifiedPrice }
  const provider = createStorageProvider(world.components, { ask, ...init })
  const notifications: RunningProvider['notifications'] = []
  const errors: Error[] = []
  provider.subscribe((event, deal) => void notifications.push({ event, deal }))
  provider.onError((error) => void errors.push(error))
  await provider.start()
  return { provider, notifications, errors }
}

/** A client's proposal delivered on a fresh stream. */
export interface Proposed {
  readonly proposalCid: CID
  readonly stream: FakeDealStream
  readonly channel: ChannelId
}

/** Send the world's client proposal (with `fields` changed) to the provider. */
export async function propose(
  world: ProviderWorld,
  provider: StorageProvider,
  fields: Partial<DealProposal> = {},
  transferType = 'graphsync',
): Promise<Proposed> {
  const signed = await world.proposal(fields)
  const stream = new FakeDealStream(world.clientPeer, {
    DealProposal: signed,
    Piece: { TransferType: transferType, Root: world.root, PieceCid: null, PieceSize: 0, RawBlockSize: 0 },
    FastRetrieval: true,
  })
  await provider.handleDealStream(stream)
  return {
    proposalCid: await clientDealProposalCid(signed),
    stream,
    channel: world.dataTransfer.channel(world.clientPeer, world.providerPeer),
  }
}

/** Store a deal record as a provider that stopped in its state would have left it. */
export async function plantDeal(world: ProviderWorld, deal: MinerDeal): Promise<void> {
  await world.datastore.put(
    new Key(`${PROVIDER_DEALS_NAMESPACE.toString()}/${deal.ProposalCid.toString()}`),
    encodeMinerDeal(deal),
  )
}

/** How {@link runUntil} drives the deals. */
export interface RunOptions {
  /** Rounds before giving up. */
  readonly rounds?: number
  /** Clock ms each round moves. */
  readonly stepMs?: number
  /** Send waiting publish batches each round (default true). */
  readonly flush?: boolean
}

/**
 * Let the deals run on virtual time until `done` holds: each round settles pending work, sends
 * waiting publish batches and moves the clock by `stepMs`. Fails after `rounds` rounds.
 */
export async function runUntil(
  world: ProviderWorld,
  provider: StorageProvider,
  done: () => Promise<boolean> | boolean,
  { rounds = 200, stepMs = 0, flush = true }: RunOptions = {},
): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    if (await done()) return
    if (flush) provider.publishPendingNow()
    await world.clock.advance(stepMs)
  }
  throw new Error(`condition not reached after ${rounds} rounds`)
}

/** Run until the deal is in `state`; resolves with it. */
export async function untilState(
  world: ProviderWorld,
  provider: StorageProvider,
  proposalCid: CID,
  state: string,
  options?: RunOptions,
): Promise<MinerDeal> {
  let deal: MinerDeal | undefined
  await runUntil(
    world,
    provider,
    async () => {
      deal = await provider.getLocalDeal(proposalCid)
      return deal.State === state
    },
    options,
  )
  return deal as MinerDeal
}

/** The states a deal went through, from its notifications. */
export function statesOf(running: RunningProvider, proposalCid: CID): string[] {
  const states: string[] = []
  for (const { deal } of running.notifications) {
    if (!deal.ProposalCid.equals(proposalCid)) continue
    if (states.at(-1) !== deal.State) states.push(deal.State)
  }
  return states
}
