/**
 * Opening an embedded market: its stores, its keys, the simulated chain (a new genesis, or the
 * saved one), the network, the transfers with every imported payload served again, and, for a new
 * market, the escrow deposits deals start from.
 *
 * @module
 */
import { NamespaceDatastore } from 'datastore-core'
import { type Datastore, Key } from 'interface-datastore'
import type { CID } from 'multiformats/cid'
import { VirtualClock } from '../adapters/clock.ts'
import { InProcessNetwork, InProcessPullHub } from '../adapters/in-process/index.ts'
import { MemoryTransferHub } from '../adapters/memory-transfer/index.ts'
import { DEVNET_POLICY, openSimChain } from '../adapters/sim-chain/index.ts'
import { EmbeddedStoreError } from '../errors.ts'
import { type Address, ATTO_PER_FIL } from '../market/index.ts'
import { Activity } from './activity.ts'
import type { EmbeddedMarketInit } from './api.ts'
import { type ChainLink, openChainLink } from './chain-link.ts'
import type { MarketContext } from './context.ts'
import { CLIENT_PEER, embeddedGenesis, loadIdentity, PROVIDER_PEER } from './identity.ts'
import { DealTracker } from './progress.ts'
import { openStorage } from './storage.ts'
import { EmbeddedTransfers } from './transfers.ts'

const DEFAULT_BALANCE = 1_000n * ATTO_PER_FIL
const DEFAULT_ESCROW = 10n * ATTO_PER_FIL
/** The nodes' default deal-watch confidence (go-fil-markets' message confidence + 1). */
const DEFAULT_WATCH_CONFIDENCE = 6

/** Hooks the market gives the shared context. */
export interface MarketHooks {
  readonly onDealEvent: () => void
  readonly onError: (error: Error) => void
}

/** Opens everything an embedded market runs on; nothing is started. */
export async function openMarketContext(
  init: EmbeddedMarketInit,
  hooks: MarketHooks,
): Promise<MarketContext> {
  const activity = new Activity()
  const storage = await openStorage(
    {
      ...(init.store === undefined ? {} : { dir: init.store }),
      ...(init.datastore === undefined ? {} : { datastore: init.datastore }),
    },
    activity,
  )
  let link: ChainLink | undefined
  try {
    const embedded = storage.area('embedded')
    const { identity, created, save } = await loadIdentity(embedded, init.seed)
    // Whatever a creation interrupted before its end left behind is started over.
    if (created) await clearArea(storage.area('chain'))
    const policy = { ...DEVNET_POLICY, ...init.policy }
    const epochMs = policy.epochDurationSeconds * 1000
    const clock = init.clock ?? new VirtualClock()
    const chain = await openSimChain(
      { clock, datastore: storage.area('chain'), wallet: identity.chainWallet },
      {
        genesis: embeddedGenesis(identity, {
          client: init.clientBalance ?? DEFAULT_BALANCE,
          worker: init.workerBalance ?? DEFAULT_BALANCE,
        }),
        policy,
        sealing: {
          preCommitDelay: 2,
          // The pre-commit is reported once it held for the watch confidence; a prove-commit landing
          // sooner activates the deal first and the deals skip StorageDealSealing.
          proveCommitDelay: (init.confidence?.watch ?? DEFAULT_WATCH_CONFIDENCE) + 2,
          ...init.sealing,
        },
        onError: hooks.onError,
      },
    )
    // A resumed chain is past epoch 0: deal timers must read the time of its head.
    const headTime = chain.head.timestamp * 1000
    if (init.clock === undefined && headTime > clock.now()) await clock.advance(headTime - clock.now())
    const pacing = init.transfer?.pacing
    const hub = new MemoryTransferHub(
      pacing === undefined
        ? {}
        : { pacing: { clock, bytesPerTick: pacing.bytesPerTick, tickMs: pacing.tickMs ?? 1000 } },
    )
    const restart = init.transfer?.autoRestart
    const transfers = await EmbeddedTransfers.open({
      hub,
      clientPeer: CLIENT_PEER,
      providerPeer: PROVIDER_PEER,
      datastore: new NamespaceDatastore(embedded, new Key('/transfers')),
      stallRestart:
        restart === false
          ? undefined
          : { clock, attempts: restart?.attempts ?? 5, intervalMs: restart?.intervalMs ?? 1_000 },
      onError: hooks.onError,
    })
    const [miner] = await chain.stateListMiners([])
    if (miner === undefined) throw new EmbeddedStoreError('the chain in the store has no miner')
    link = await openChainLink(init.chain ?? 'simulated', chain, identity, activity)
    const context: MarketContext = {
      init,
      policy,
      epochMs,
      storage,
      chain,
      link,
      clock,
      network: new InProcessNetwork(),
      hub,
      pulls: new InProcessPullHub(),
      transfers,
      identity,
      addresses: { client: identity.client, worker: identity.worker, miner },
      activity,
      tracker: new DealTracker(),
      onDealEvent: hooks.onDealEvent,
      onError: hooks.onError,
      resumed: !created,
    }
    for (const payload of storage.payloads.list()) serve(context, payload.root)
    if (created) {
      await depositEscrow(context, init.escrow)
      await save()
    }
    return context
  } catch (error) {
    await link?.close()
    await storage.close()
    throw error
  }
}

async function clearArea(datastore: Datastore): Promise<void> {
  for await (const key of datastore.queryKeys({})) await datastore.delete(key)
}

/** Serves the CAR of `root` to the provider, counting its reads as activity. */
export function serve(ctx: MarketContext, root: CID): void {
  const car = ctx.storage.payloads.car(root)
  const source =
    car instanceof Uint8Array
      ? car
      : { [Symbol.asyncIterator]: () => ctx.activity.iterate(car)[Symbol.asyncIterator]() }
  ctx.hub.client(CLIENT_PEER).register(root, source)
}

/** The deposits of a new market, landed one epoch later. */
async function depositEscrow(ctx: MarketContext, escrow: EmbeddedMarketInit['escrow']): Promise<void> {
  const { chain, clock, addresses } = ctx
  const deposits: [Address, Address, bigint][] = [
    [addresses.client, addresses.client, escrow?.client ?? DEFAULT_ESCROW],
    [addresses.worker, addresses.miner, escrow?.provider ?? DEFAULT_ESCROW],
  ]
  let sent = false
  for (const [from, to, amount] of deposits) {
    if (amount <= 0n) continue
    await chain.marketAddBalance(from, to, amount)
    sent = true
  }
  if (!sent) return
  await chain.advance(1)
  await clock.advance(ctx.epochMs)
}
