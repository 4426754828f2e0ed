/**
 * The process the crash harness kills: the embedded demo flow (N seeded files imported and proposed,
 * then the chain moved on until every deal is final) on a LevelDB store, resuming whatever the store
 * holds. Driven by environment variables (see {@link CrashPlan}); run directly, it prints a JSON
 * report of the finished run on its last stdout line.
 *
 * The crash point is counted in datastore writes (a put, a delete or a batch commit on the LevelDB
 * store), so a seed always kills the same run at the same write:
 * - `before`: the process dies as the write is issued (the write is lost);
 * - `after`: the write lands, then the process dies before anyone hears of it;
 * - `torn`: a batch lands only in part (its first `KILL_PREFIX` operations, one by one), then the
 *   process dies: the store a non-atomic datastore would leave.
 */
import { LevelDatastore } from 'datastore-level'
import type { Batch, Key } from 'interface-datastore'
import { SimChain } from '../../../src/adapters/sim-chain/sim-chain.ts'
import { seededBytes } from '../../../src/embedded/demo.ts'
import { createEmbeddedMarket } from '../../../src/embedded/market.ts'
import { DealStreams } from '../../../src/provider/deal-streams.ts'

/** What the harness tells the child. */
export interface CrashPlan {
  readonly store: string
  readonly seed: number
  readonly deals: number
  readonly size: number
  /** Die at this datastore write (1-based); none when absent. */
  readonly killAt: number | undefined
  readonly mode: 'before' | 'after' | 'torn'
  readonly prefix: number
  /**
   * Die right after the chain accepted a message of this kind (for `handOff`: the sealer packed a
   * deal; for `dealResponse`: the provider wrote its answer to a proposal), before the market
   * recorded it: the window a resumed market must recognise its own earlier call in.
   */
  readonly killAfter?: string
}

/** One deal as each side recorded it. */
export interface ReportedDeal {
  readonly proposalCid: string
  readonly root: string
  readonly clientState: string
  readonly providerState: string | undefined
  readonly clientDealId: string
  readonly providerDealId: string | undefined
  readonly clientPublish: string | undefined
  readonly providerPublish: string | undefined
  /** The records' messages (why a deal ended where it did). */
  readonly messages: string
}

/** What a run that got to the end prints. */
export interface ChildReport {
  readonly writes: number
  readonly clientRecords: number
  readonly providerRecords: number
  readonly deals: readonly ReportedDeal[]
}

function plan(): CrashPlan {
  const env = process.env
  const number = (name: string, fallback?: number): number => {
    const value = env[name]
    if (value === undefined || value === '') {
      if (fallback === undefined) throw new Error(`${name} is not set`)
      return fallback
    }
    return Number(value)
  }
  const killAt = env.KILL_AT === undefined || env.KILL_AT === '' ? undefined : number('KILL_AT')
  return {
    store: env.CRASH_STORE ?? '',
    seed: number('CRASH_SEED', 1),
    deals: number('CRASH_DEALS', 3),
    size: number('CRASH_SIZE', 512),
    killAt,
    mode: (env.KILL_MODE ?? 'before') as CrashPlan['mode'],
    prefix: number('KILL_PREFIX', 0),
    ...(env.KILL_AFTER === undefined || env.KILL_AFTER === '' ? {} : { killAfter: env.KILL_AFTER }),
  }
}

function die(): never {
  process.kill(process.pid, 'SIGKILL')
  throw new Error('unreachable: SIGKILL did not end the process')
}

type Op = { type: 'put'; key: Key; value: Uint8Array } | { type: 'del'; key: Key }

/** Counts LevelDB writes and dies at the planned one. */
function armCrash(p: CrashPlan): { writes(): number } {
  let writes = 0
  const proto = LevelDatastore.prototype
  const put = proto.put
  const del = proto.delete
  const batch = proto.batch
  const due = (): boolean => ++writes === p.killAt
  proto.put = async function (this: LevelDatastore, key, value, options) {
    if (!due()) return put.call(this, key, value, options)
    if (p.mode === 'after') await put.call(this, key, value, options)
    return die()
  }
  proto.delete = async function (this: LevelDatastore, key, options) {
    if (!due()) return del.call(this, key, options)
    if (p.mode === 'after') await del.call(this, key, options)
    return die()
  }
  proto.batch = function (this: LevelDatastore): Batch {
    const inner = batch.call(this)
    const ops: Op[] = []
    return {
      put: (key, value) => {
        ops.push({ type: 'put', key, value })
        inner.put(key, value)
      },
      delete: (key) => {
        ops.push({ type: 'del', key })
        inner.delete(key)
      },
      commit: async (options) => {
        if (!due()) return inner.commit(options)
        if (p.mode === 'after') await inner.commit(options)
        if (p.mode === 'torn') {
          // The operations land one by one, as on a store without atomic batches, and the process
          // dies part-way: never all of them.
          const landed = ops.length <= 1 ? 0 : p.prefix % ops.length
          for (const op of ops.slice(0, landed)) {
            if (op.type === 'put') await put.call(this, op.key, op.value)
            else await del.call(this, op.key)
          }
        }
        return die()
      },
    }
  }
  return { writes: () => writes }
}

/** Dies after the chain answers the call named by `killAfter`. */
function armCallCrash(killAfter: string | undefined): void {
  if (killAfter === undefined) return
  const proto = SimChain.prototype
  const push = proto.mpoolPushMessage
  proto.mpoolPushMessage = async function (this: SimChain, message, spec, options) {
    const signed = await push.call(this, message, spec, options)
    if (message.kind === killAfter) die()
    return signed
  }
  const respond = DealStreams.prototype.sendSignedResponse
  DealStreams.prototype.sendSignedResponse = async function (this: DealStreams, response, options) {
    await respond.call(this, response, options)
    if (killAfter === 'dealResponse') die()
  }
  const sealer = proto.sealer
  proto.sealer = function (this: SimChain, miner) {
    const inner = sealer.call(this, miner)
    return {
      handOff: async (piece, options) => {
        const packed = await inner.handOff(piece, options)
        if (killAfter === 'handOff') die()
        return packed
      },
    }
  }
}

async function run(p: CrashPlan): Promise<ChildReport> {
  const counter = armCrash(p)
  armCallCrash(p.killAfter)
  // Short deals (the demo's are 60 epochs from proposal to start and 60 long): fewer epochs per
  // run, so more crash points per second, and the same steps.
  const market = await createEmbeddedMarket({
    seed: p.seed,
    store: p.store,
    dealStartDelayEpochs: 40,
    dealDurationEpochs: 10,
  })
  try {
    await market.start()
    const proposed = new Set(
      (await market.client.listLocalDeals()).map((deal) => deal.DataRef?.Root.toString()),
    )
    for (let i = 0; i < p.deals; i++) {
      // The same files in the same order on every run: a deal is proposed once, by its payload.
      const payload = await market.importData(seededBytes(p.seed * 1_000_003 + i, p.size))
      if (proposed.has(payload.root.toString())) continue
      await market.proposeDeal({ data: payload })
    }
    await market.runUntil(undefined, { maxEpochs: 2_000 })
    const clientDeals = await market.client.listLocalDeals()
    const providerDeals = new Map(
      (await market.provider.listLocalDeals()).map((deal) => [deal.ProposalCid.toString(), deal]),
    )
    const deals = clientDeals.map((deal): ReportedDeal => {
      const key = deal.ProposalCid.toString()
      const provider = providerDeals.get(key)
      return {
        proposalCid: key,
        root: deal.DataRef?.Root.toString() ?? '',
        clientState: deal.State,
        providerState: provider?.State,
        clientDealId: deal.DealID.toString(),
        providerDealId: provider?.DealID.toString(),
        clientPublish: deal.PublishMessage?.toString(),
        providerPublish: provider?.PublishCid?.toString(),
        messages: `client: ${deal.Message}; provider: ${provider?.Message ?? ''}`,
      }
    })
    deals.sort((a, b) => a.proposalCid.localeCompare(b.proposalCid))
    return {
      writes: counter.writes(),
      clientRecords: clientDeals.length,
      providerRecords: providerDeals.size,
      deals,
    }
  } finally {
    await market.stop()
  }
}

const report = await run(plan())
process.stdout.write(`${JSON.stringify(report)}\n`)
