import { MemoryDatastore } from 'datastore-core'
import { CID } from 'multiformats/cid'
import * as Digest from 'multiformats/hashes/digest'
import { type MsgLookup, publishStorageDealsMessage } from '../../../src/adapters/chain.ts'
import { VirtualClock } from '../../../src/adapters/clock.ts'
import { DEVNET_POLICY } from '../../../src/adapters/sim-chain/policy.ts'
import { openSimChain, type SimChain, type SimChainInit } from '../../../src/adapters/sim-chain/sim-chain.ts'
import {
  type Address,
  ATTO_PER_FIL,
  type ClientDealProposal,
  type DealProposal,
  MemoryWallet,
  signDealProposal,
} from '../../../src/market/index.ts'

/** 1 FIL in attoFIL. */
export const FIL = ATTO_PER_FIL

/** A piece CID of the form the market actor accepts, distinct per `seed`. */
export function pieceCid(seed: number): CID {
  const digest = new Uint8Array(32).fill(seed & 0xff)
  digest[0] = seed >> 8
  return CID.create(1, 0xf101, Digest.create(0x1012, digest))
}

/** A chain with two funded clients, a miner (owner = worker) and a spare account, plus their keys. */
export interface World {
  readonly chain: SimChain
  readonly clock: VirtualClock
  readonly datastore: MemoryDatastore
  readonly wallet: MemoryWallet
  readonly client: Address
  readonly client2: Address
  readonly worker: Address
  /** The miner actor's ID address. */
  readonly miner: Address
  /** A second miner actor with the same owner. */
  readonly miner2: Address
  readonly init: SimChainInit
}

/** Options of {@link makeWorld}. */
export interface WorldOptions {
  readonly clientBalance?: bigint
  readonly workerBalance?: bigint
  readonly policy?: SimChainInit['policy']
  readonly sealing?: SimChainInit['sealing']
  readonly clientDataCap?: bigint
}

/** Builds a {@link World} on the devnet policy. IDs: client 100, client2 101, worker 102, miners 103 and 104. */
export async function makeWorld(options: WorldOptions = {}): Promise<World> {
  const wallet = new MemoryWallet()
  const client = wallet.generateKey('secp256k1')
  const client2 = wallet.generateKey('bls')
  const worker = wallet.generateKey('secp256k1')
  const clock = new VirtualClock()
  const datastore = new MemoryDatastore()
  const init: SimChainInit = {
    genesis: {
      accounts: [
        {
          address: client,
          balance: options.clientBalance ?? 1000n * FIL,
          ...(options.clientDataCap === undefined ? {} : { dataCap: options.clientDataCap }),
        },
        { address: client2, balance: 1000n * FIL },
        { address: worker, balance: options.workerBalance ?? 1000n * FIL },
      ],
      miners: [
        { owner: worker, sectorSize: 2048n, peerId: '12D3KooWSim', multiaddrs: ['/ip4/127.0.0.1/tcp/1'] },
        { owner: worker, sectorSize: 2048n },
      ],
    },
    policy: { ...DEVNET_POLICY, ...options.policy },
    sealing: options.sealing ?? { preCommitDelay: 2, proveCommitDelay: 3 },
  }
  const chain = await openSimChain({ clock, datastore, wallet }, init)
  const [miner, miner2] = (await chain.stateListMiners([])) as [Address, Address]
  return { chain, clock, datastore, wallet, client, client2, worker, miner, miner2, init }
}

/** A deal proposal for the world's miner, valid under the devnet policy when the head is below its start. */
export function proposal(world: World, overrides: Partial<DealProposal> = {}): DealProposal {
  return {
    PieceCID: pieceCid(1),
    PieceSize: 512,
    VerifiedDeal: false,
    Client: world.client,
    Provider: world.miner,
    Label: 'payload',
    StartEpoch: 20,
    EndEpoch: 60,
    StoragePricePerEpoch: 1000n,
    ProviderCollateral: 10_000n,
    ClientCollateral: 500n,
    ...overrides,
  }
}

/** The proposal signed by its client with the world's wallet. */
export function sign(world: World, p: DealProposal): Promise<ClientDealProposal> {
  return signDealProposal(world.wallet, p)
}

/** Escrow `amount` for `address`, paid by `from`, and wait one epoch for it to land. */
export async function fund(world: World, from: Address, address: Address, amount: bigint): Promise<void> {
  await world.chain.marketAddBalance(from, address, amount)
  await world.chain.advance(1)
}

/** Escrow 100 FIL for both clients and the miner, landed. */
export async function fundAll(world: World): Promise<void> {
  await world.chain.marketAddBalance(world.client, world.client, 100n * FIL)
  await world.chain.marketAddBalance(world.client2, world.client2, 100n * FIL)
  await world.chain.marketAddBalance(world.worker, world.miner, 100n * FIL)
  await world.chain.advance(1)
}

/** Sends PublishStorageDeals from `from` (the worker by default), executes it and returns its lookup. */
export async function publish(
  world: World,
  deals: readonly ClientDealProposal[],
  from: Address = world.worker,
): Promise<MsgLookup> {
  const signed = await world.chain.mpoolPushMessage(publishStorageDealsMessage(from, deals))
  await world.chain.advance(1)
  const lookup = await world.chain.stateSearchMsg([], signed.cid)
  if (lookup === undefined) throw new Error('publish message did not execute')
  return lookup
}

/** Hands deal `dealId` to the miner's sealer and advances until its sector is proven. */
export async function activate(world: World, dealId: bigint): Promise<void> {
  const deal = await world.chain.stateMarketStorageDeal(dealId, [])
  await world.chain.sealer(world.miner).handOff({
    dealId,
    proposal: deal.proposal,
    publishCid: undefined,
    pieceSize: deal.proposal.PieceSize - deal.proposal.PieceSize / 128,
    piece: { size: 0n, open: async function* () {} },
  })
  for (let i = 0; i < 20; i++) {
    if ((await world.chain.stateMarketStorageDeal(dealId, [])).state.sectorStartEpoch >= 0) return
    await world.chain.advance(1)
  }
  throw new Error(`deal ${dealId} was not activated`)
}
