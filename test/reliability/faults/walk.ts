/**
 * One step of the fault walk: arm a fault at one adapter call site, run a deal through it, clear
 * the fault, run a second deal beside it, and report what happened, for the test to check.
 */
import type { CID } from 'multiformats/cid'
import { AbortError } from '../../../src/errors.ts'
import type { FaultKind } from './fault-board.ts'
import { type DealPair, DURATION, type FaultMarket, START_DELAY } from './fault-market.ts'

/** Epochs a faulted deal gets to reach a final state before the fault is cleared. */
export const ARMED_EPOCHS = START_DELAY + DURATION + 8
/** Epochs both deals get to finish once the fault is cleared (twice: before and after a restart). */
export const RECOVERY_EPOCHS = START_DELAY + DURATION + 12

/** What became of the faulted deal while the fault was armed. */
export type ArmedOutcome =
  /** proposing failed: the caller got the error, nothing was left running. */
  | 'refused'
  /** the deal ended in a final failure state. */
  | 'failed'
  /** the deal ran to its end, the fault absorbed (retried, or the answer was not needed). */
  | 'completed'
  /** the deal was still waiting (retrying, or a call that hangs) when the fault was cleared. */
  | 'waiting'
  /** proposing never returned, even after its AbortSignal fired (a call it waits for ignores it). */
  | 'stuck'

/** How the faulted deal finished once the fault was cleared. */
export type Recovery =
  /** nothing to recover: it was refused or already final. */
  | 'none'
  /** it resumed by itself (a retry or a poll) and ended in a final state. */
  | 'resumed'
  /** it ended in a final state after both sides restarted. */
  | 'restarted'
  /**
   * A side could not stop: it waits for a call that was given no AbortSignal and never returns.
   * The deal stays where it is until the process exits; the market is not used again.
   */
  | 'wedged'

/** The report of one site × fault. */
export interface CaseReport {
  readonly site: string
  readonly kind: FaultKind
  /** Calls the fault replaced. */
  readonly injected: number
  /** Hung calls that had no AbortSignal, so nothing could end them. */
  readonly hungWithoutSignal: number
  readonly outcome: ArmedOutcome
  readonly recovery: Recovery
  /** The proposing error (`refused`), else the faulted deal's messages: client, then provider. */
  readonly messages: readonly string[]
  /** Final state of the faulted deal, client then provider ('none' when it has no record). */
  readonly first: readonly string[]
  /** The second deal's states, client and provider, and its messages. */
  readonly second: readonly string[]
  readonly secondMessages: readonly string[]
  /** Deals of this case still not final at the end. */
  readonly unfinished: number
  /** Funds still reserved by either node, and escrow still locked on chain, at the end. */
  readonly reserved: bigint
  readonly locked: bigint
  /** Rejections nobody handled while the case ran. */
  readonly unhandled: readonly unknown[]
}

function messagesOf(pair: DealPair): string[] {
  return [pair.client?.Message ?? '', pair.provider?.Message ?? ''].filter((m) => m !== '')
}

function statesOf(pair: DealPair | undefined): string[] {
  return [pair?.client?.State ?? 'none', pair?.provider?.State ?? 'none']
}

/** The messages of an error and its causes, outermost first. */
export function errorText(error: unknown): string {
  const parts: string[] = []
  for (let e: unknown = error; e instanceof Error && parts.length < 5; e = e.cause) {
    parts.push(e.message === '' ? e.name : e.message)
  }
  return parts.join(' <- ')
}

/** A proposal running in the background, aborted if it is still pending when the caller gives up. */
class Proposing {
  readonly #controller = new AbortController()
  cid: CID | undefined
  error: unknown
  pending = true

  constructor(market: FaultMarket) {
    market
      .propose({ signal: this.#controller.signal })
      .then(
        (cid) => {
          this.cid = cid
        },
        (error: unknown) => {
          this.error = error
        },
      )
      .finally(() => {
        this.pending = false
      })
  }

  async giveUp(market: FaultMarket): Promise<void> {
    if (!this.pending) return
    this.#controller.abort(new AbortError('the proposal did not finish'))
    await market.runUntil(async () => !this.pending, 1)
  }
}

/** Runs one site × fault on `market`. After a `wedged` case the market must be dropped. */
export async function runCase(market: FaultMarket, site: string, kind: FaultKind): Promise<CaseReport> {
  const { board } = market
  const unhandled: unknown[] = []
  const onUnhandled = (reason: unknown): void => {
    unhandled.push(reason)
  }
  process.on('unhandledRejection', onUnhandled)
  try {
    board.arm(site, kind)
    const first = new Proposing(market)
    const firstDone = async (): Promise<boolean> =>
      !first.pending && (first.cid === undefined || (await market.allSettled([first.cid])))
    await market.runUntil(firstDone, ARMED_EPOCHS)
    await first.giveUp(market)
    const { injected, hungWithoutSignal } = board
    board.disarm()
    const armed = first.cid === undefined ? undefined : await market.deal(first.cid)
    let outcome: ArmedOutcome = first.pending ? 'stuck' : 'refused'
    if (armed !== undefined) {
      if (!(await firstDone())) outcome = 'waiting'
      else outcome = armed.client?.State === 'StorageDealExpired' ? 'completed' : 'failed'
    }
    const messages =
      outcome === 'stuck'
        ? ['proposing did not return after its signal was aborted']
        : armed === undefined
          ? [errorText(first.error)]
          : messagesOf(armed)

    const second = new Proposing(market)
    const all = async (): Promise<CID[]> =>
      [first.cid, second.cid].filter((cid): cid is CID => cid !== undefined)
    const allDone = async (): Promise<boolean> => !second.pending && market.allSettled(await all())
    let recovery: Recovery = outcome === 'waiting' ? 'resumed' : 'none'
    if (!(await market.runUntil(allDone, RECOVERY_EPOCHS))) {
      await second.giveUp(market)
      if (await market.restart()) {
        recovery = 'restarted'
        await market.runUntil(allDone, RECOVERY_EPOCHS)
      } else recovery = 'wedged'
    }
    let unfinished = 0
    for (const cid of await all()) if (!(await market.allSettled([cid]))) unfinished++
    const { client, miner } = market.ctx.addresses
    const head = market.ctx.chain.head.key
    const balances = await Promise.all(
      [client, miner].map((address) => market.ctx.chain.stateMarketBalance(address, head)),
    )
    const secondDeal = second.cid === undefined ? undefined : await market.deal(second.cid)
    // Give rejections nobody handles a turn to surface.
    await new Promise((resolve) => setTimeout(resolve, 0))
    return {
      site,
      kind,
      injected,
      hungWithoutSignal,
      outcome,
      recovery,
      messages,
      first: statesOf(first.cid === undefined ? undefined : await market.deal(first.cid)),
      second: statesOf(secondDeal),
      secondMessages: secondDeal === undefined ? [errorText(second.error)] : messagesOf(secondDeal),
      unfinished,
      reserved: market.client.node.reservedFunds(client) + market.provider.node.reservedFunds(miner),
      locked: balances.reduce((sum, balance) => sum + balance.locked, 0n),
      unhandled,
    }
  } finally {
    board.disarm()
    process.off('unhandledRejection', onUnhandled)
  }
}
