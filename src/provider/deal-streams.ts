/**
 * The open answers the provider owes its clients while a proposal is negotiated, by proposal CID:
 * a go-fil-markets deal stream (mk/1.1, the response is signed with the worker key and written on
 * it), or a pending Boost DealResponse (mk/1.2, unsigned; see {@link Mk12Answer}).
 *
 * @module
 */

import type { CID } from 'multiformats/cid'
import type { ProviderDealStream } from '../adapters/network.ts'
import type { AbortOptions } from '../adapters/node.ts'
import { DealStreamNotFoundError } from '../errors.ts'
import { encodeResponse, type Response, type Signature } from '../market/index.ts'

/** Signs bytes with the provider's worker key. */
export type MinerSigner = (bytes: Uint8Array, options?: AbortOptions) => Promise<Signature>

/** Where a deal's response goes. */
export interface DealResponder {
  /** Send the response (the provider's state of the deal, go-fil-markets' Response). */
  write(response: Response, options?: AbortOptions): Promise<void>
  /** Let the client go; a responder that sent nothing leaves the client without an answer. */
  close(): Promise<void>
}

/** Open responders by proposal CID. */
export class DealStreams {
  readonly #responders = new Map<string, DealResponder>()
  readonly #sign: MinerSigner

  constructor(sign: MinerSigner) {
    this.#sign = sign
  }

  /** Keep `stream` open for the deal until a response is sent or the deal lets it go. */
  remember(proposalCid: CID, stream: ProviderDealStream): void {
    this.rememberResponder(proposalCid, {
      write: (response, options) => this.respond(stream, response, options),
      close: () => stream.close(),
    })
  }

  /**
   * Keep `responder` for the deal until a response is sent or the deal lets it go. A responder
   * already kept for the deal is closed: the newer request is the one the client waits on.
   */
  rememberResponder(proposalCid: CID, responder: DealResponder): void {
    const key = proposalCid.toString()
    const previous = this.#responders.get(key)
    this.#responders.set(key, responder)
    if (previous !== undefined && previous !== responder) previous.close().catch(() => undefined)
  }

  /** Forget the responder of a proposal without closing it (its owner closes it). */
  forget(proposalCid: CID): void {
    this.#responders.delete(proposalCid.toString())
  }

  /** Whether a responder is kept for the proposal. */
  has(proposalCid: CID): boolean {
    return this.#responders.has(proposalCid.toString())
  }

  /** Number of open responders. */
  get size(): number {
    return this.#responders.size
  }

  /**
   * Send `response` through the responder of its proposal. A write failure closes and forgets
   * the responder before rejecting, as the client will not read from it any more.
   *
   * @throws {@link DealStreamNotFoundError} when no responder is kept for the proposal
   */
  async sendSignedResponse(response: Response, options?: AbortOptions): Promise<void> {
    const key = response.Proposal.toString()
    const responder = this.#responders.get(key)
    if (responder === undefined) throw new DealStreamNotFoundError(key)
    try {
      await responder.write(response, options)
    } catch (error) {
      await this.disconnect(response.Proposal)
      throw error
    }
  }

  /** Sign `response` and write it on `stream` (which need not be remembered). */
  async respond(stream: ProviderDealStream, response: Response, options?: AbortOptions): Promise<void> {
    const signature = await this.#sign(encodeResponse(response), options)
    await stream.writeDealResponse({ Response: response, Signature: signature }, options)
  }

  /** Close and forget the responder of a proposal; nothing happens when none is kept. */
  async disconnect(proposalCid: CID): Promise<void> {
    const key = proposalCid.toString()
    const responder = this.#responders.get(key)
    if (responder === undefined) return
    this.#responders.delete(key)
    await responder.close()
  }

  /** Close every responder (the provider stops). Close failures are ignored: they are dropped anyway. */
  async closeAll(): Promise<void> {
    const responders = [...this.#responders.values()]
    this.#responders.clear()
    await Promise.allSettled(responders.map((responder) => responder.close()))
  }
}
