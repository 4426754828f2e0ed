/**
 * The publish messages a provider node knows it sent, by the proposals they carry, so that finding
 * the message already sent for a proposal (a restarted provider never publishes a deal twice) costs
 * a map lookup rather than a walk over the chain's messages for every deal published, which made
 * publishing N deals cost O(N²). The chain is searched once, at the first lookup, for messages sent before the node
 * existed (by a process that crashed before recording them); the node adds the messages it sends.
 *
 * @module
 */
import { base64 } from 'multiformats/bases/base64'
import type { CID } from 'multiformats/cid'
import { PublishSearchTimeoutError } from '../../errors.ts'
import { abandonOnAbort } from '../../fsm/abandon.ts'
import { type Address, type ClientDealProposal, encodeClientDealProposal } from '../../market/index.ts'
import { type ChainAdapter, HEAD } from '../chain.ts'
import { type Clock, realClock } from '../clock.ts'
import type { AbortOptions } from '../node.ts'
import { boundedCall } from './bounded-call.ts'
import { dealIdFromPublish } from './deal-info.ts'

/** How far back executed messages are searched: one day of epochs. */
export const PUBLISH_SEARCH_EPOCHS = 2_880

const keyOf = (proposal: ClientDealProposal): string => base64.baseEncode(encodeClientDealProposal(proposal))

/** How a {@link PublishIndex} bounds its chain calls. */
export interface PublishIndexOptions {
  /** The clock the bound runs on (a virtual one in tests). @default the wall clock */
  readonly clock?: Clock
  /**
   * Longest wait for the search of earlier messages, and for one lookup, in ms; `Infinity` waits
   * for ever. @default Infinity
   */
  readonly timeoutMs?: number
}

/**
 * Publish messages from one address, by the proposals they carry. The search of the chain is
 * shared by every caller and bounded on the clock: a chain that does not answer fails the lookups
 * waiting for it with {@link PublishSearchTimeoutError}, and the next lookup searches again. No
 * caller's signal ends the shared search; each only stops that caller's wait.
 */
export class PublishIndex {
  readonly #byProposal = new Map<string, CID[]>()
  readonly #clock: Clock
  readonly #timeoutMs: number
  #searched: Promise<void> | undefined

  constructor(options: PublishIndexOptions = {}) {
    this.#clock = options.clock ?? realClock
    this.#timeoutMs = options.timeoutMs ?? Number.POSITIVE_INFINITY
    if (!(this.#timeoutMs > 0))
      throw new RangeError(`the publish search timeout must be positive, got ${this.#timeoutMs}`)
  }

  /** Records a publish message sent with `deals`. */
  add(cid: CID, deals: readonly ClientDealProposal[]): void {
    for (const deal of deals) {
      const key = keyOf(deal)
      const cids = this.#byProposal.get(key)
      if (cids === undefined) this.#byProposal.set(key, [cid])
      else if (!cids.some((known) => known.equals(cid))) cids.push(cid)
    }
  }

  /**
   * The CID of a publish message from `from` carrying `proposal`: one not executed yet, or one
   * executed that published it. Undefined when there is none, or when the chain cannot list messages.
   * Rejects with {@link PublishSearchTimeoutError} when the chain does not answer within the bound,
   * with the chain's error when it fails, and with AbortError when `options.signal` aborts.
   */
  async find(
    chain: ChainAdapter,
    from: Address,
    proposal: ClientDealProposal,
    options?: AbortOptions,
  ): Promise<CID | undefined> {
    if (chain.mpoolPending === undefined || chain.stateListMessages === undefined) return undefined
    const signal = options?.signal
    this.#searched ??= this.#bounded(undefined, (s) => this.#search(chain, from, { signal: s })).catch(
      (error: unknown) => {
        this.#searched = undefined
        throw error
      },
    )
    const searched = this.#searched
    await abandonOnAbort(() => searched, [signal], 'waiting for the publish-message search')
    const cids = this.#byProposal.get(keyOf(proposal))
    if (cids === undefined) return undefined
    return this.#bounded(signal, (s) => this.#lookup(chain, proposal, cids, { signal: s }))
  }

  #bounded<T>(signal: AbortSignal | undefined, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
    return boundedCall(
      this.#clock,
      this.#timeoutMs,
      signal,
      run,
      () => new PublishSearchTimeoutError(this.#timeoutMs),
    )
  }

  /** The latest of `cids` still pending, or executed with `proposal` among its valid deals. */
  async #lookup(
    chain: ChainAdapter,
    proposal: ClientDealProposal,
    cids: readonly CID[],
    options: AbortOptions,
  ): Promise<CID | undefined> {
    const head = await chain.chainHead(options)
    for (const cid of [...cids].reverse()) {
      const lookup = await chain.stateSearchMsg(head.key, cid, options)
      if (lookup === undefined) return cid
      // A failed message, or one the market skipped this proposal in, did not publish it.
      const published = await dealIdFromPublish(chain, lookup, proposal.Proposal, options).then(
        () => true,
        () => false,
      )
      if (published) return cid
    }
    return undefined
  }

  /** Indexes the publish messages from `from` waiting in the pool or executed within PUBLISH_SEARCH_EPOCHS. */
  async #search(chain: ChainAdapter, from: Address, options?: AbortOptions): Promise<void> {
    if (chain.mpoolPending === undefined || chain.stateListMessages === undefined) return
    const sender = (await chain.stateLookupId(from, HEAD, options)).toString()
    for (const signed of await chain.mpoolPending(options)) {
      const { message } = signed
      if (message.kind !== 'PublishStorageDeals') continue
      if ((await chain.stateLookupId(message.from, HEAD, options)).toString() !== sender) continue
      this.add(signed.cid, message.params.deals)
    }
    const head = await chain.chainHead(options)
    const since = Math.max(0, head.height - PUBLISH_SEARCH_EPOCHS)
    for (const cid of await chain.stateListMessages({ from }, head.key, since, options)) {
      const message = await chain.chainGetMessage(cid, options)
      if (message.kind === 'PublishStorageDeals') this.add(cid, message.params.deals)
    }
  }
}
